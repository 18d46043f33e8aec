using Backend.Platform.Identity;
using Backend.Users.V1;

namespace Backend.Users.Remote;

/// <summary>Exchanges this process's client id and secret with UserService for a token.</summary>
internal sealed class RemoteServiceTokens(UserService.UserServiceClient users, string clientId, string secret) : ServiceTokenSource
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public override async Task<(string Token, DateTimeOffset ExpiresAt)> GetAsync(CancellationToken cancellationToken)
    {
        var response = await users.AuthenticateClientAsync(
            new AuthenticateClientRequest { ClientId = clientId, ClientSecret = secret },
            deadline: DateTime.UtcNow + Deadline,
            cancellationToken: cancellationToken);
        return (response.AccessToken, response.ExpireTime.ToDateTimeOffset());
    }
}
