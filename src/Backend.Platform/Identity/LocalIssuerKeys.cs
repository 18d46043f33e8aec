using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>The keys of the process that issues tokens itself: nothing to fetch.</summary>
internal sealed class LocalIssuerKeys(SigningKeys keys) : IssuerKeySource
{
    public override IReadOnlyList<SecurityKey> Keys => keys.PublicKeys;

    public override Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
