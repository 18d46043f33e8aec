using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// The issuer's keys: the one that signs now and the retired ones whose tokens may still be in
/// use. Each key's id is its RFC 7638 thumbprint, so every instance given the same PEM names
/// it the same way.
/// </summary>
public sealed class SigningKeys
{
    public SigningKeys(AsymmetricAlgorithm current, IEnumerable<AsymmetricAlgorithm> retired)
    {
        Signing = Credentials(current);
        Published = new[] { current }.Concat(retired).Select(PublicJwk).DistinctBy(k => k.Kid).ToList();
        PublicKeys = Published.Cast<SecurityKey>().ToList();
    }

    /// <summary>Signs new tokens; its key id travels in each token's <c>kid</c> header.</summary>
    public SigningCredentials Signing { get; }

    /// <summary>The public keys, as published in the JWK Set.</summary>
    public IReadOnlyList<JsonWebKey> Published { get; }

    /// <summary>The public keys tokens are checked with.</summary>
    public IReadOnlyList<SecurityKey> PublicKeys { get; }

    private static SigningCredentials Credentials(AsymmetricAlgorithm key)
    {
        var kid = PublicJwk(key).Kid;
        return key switch
        {
            ECDsa ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
            RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
            _ => throw new InvalidOperationException("The signing key must be an EC P-256 or an RSA key."),
        };
    }

    private static JsonWebKey PublicJwk(AsymmetricAlgorithm key)
    {
        SecurityKey publicKey = key switch
        {
            ECDsa ec => new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(includePrivateParameters: false))),
            RSA rsa => new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)),
            _ => throw new InvalidOperationException("The signing key must be an EC P-256 or an RSA key."),
        };
        var jwk = JsonWebKeyConverter.ConvertFromSecurityKey(publicKey);
        jwk.Kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        jwk.Use = "sig";
        jwk.Alg = key is ECDsa ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        return jwk;
    }
}
