using System.Security.Cryptography;

namespace Backend.Testing;

/// <summary>New token signing keys, as an operator would make them, in PEM.</summary>
public static class SigningKeyPem
{
    /// <summary>A new EC P-256 private key (ES256).</summary>
    public static string NewEc()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A new RSA-2048 private key (RS256).</summary>
    public static string NewRsa()
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
