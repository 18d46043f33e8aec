using Backend.Client;

namespace Backend.Platform.Identity;

/// <summary>
/// The token the platform's services present to each other: ROLE_SERVICE, signed with the
/// shared key, renewed well before it expires.
/// </summary>
public sealed class ServiceTokenProvider(TokenIssuer issuer, TimeProvider timeProvider) : IAccessTokenProvider
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is null || current.Value.ExpiresAt - timeProvider.GetUtcNow() < RenewBefore)
        {
            current = issuer.Issue("service", PlatformRoles.Service);
            _current = current;
        }

        return ValueTask.FromResult<string?>(current.Value.Token);
    }
}
