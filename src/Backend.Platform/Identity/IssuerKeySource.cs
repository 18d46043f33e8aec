using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>The public keys tokens are checked with, as far as this process knows them.</summary>
internal abstract class IssuerKeySource
{
    public abstract IReadOnlyList<SecurityKey> Keys { get; }

    /// <summary>Learns the issuer's keys again, because a token named a key not known yet.</summary>
    public abstract Task RefreshAsync(CancellationToken cancellationToken);

    public bool Knows(string? keyId) => keyId is not null && Keys.Any(k => k.KeyId == keyId);
}
