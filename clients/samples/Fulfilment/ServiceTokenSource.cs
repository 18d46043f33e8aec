using Backend.Client;
using Backend.Users.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;

namespace Fulfilment;

/// <summary>
/// This service's bearer token: its client id and secret exchanged with the platform
/// (AuthenticateClient), kept until most of its lifetime has passed, then exchanged again.
/// </summary>
internal sealed class ServiceTokenSource(GrpcClientFactory clients, IOptions<FulfilmentOptions> options, TimeProvider timeProvider)
    : IAccessTokenProvider, IDisposable
{
    public const string SignInClient = "sign-in";

    private readonly SemaphoreSlim _renewing = new(1, 1);
    private IssuedToken? _current;

    public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { } token && timeProvider.GetUtcNow() < token.RenewAt)
        {
            return token.Value;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _current) is { } renewed && timeProvider.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Value;
            }

            var users = clients.CreateClient<UserService.UserServiceClient>(SignInClient);
            var response = await users.AuthenticateClientAsync(
                new AuthenticateClientRequest { ClientId = options.Value.ClientId, ClientSecret = options.Value.ClientSecret },
                deadline: timeProvider.GetUtcNow().UtcDateTime + options.Value.CallDeadline,
                cancellationToken: cancellationToken);
            var now = timeProvider.GetUtcNow();
            // Renewed at 80% of its lifetime, so that no call leaves with a token about to lapse.
            var issued = new IssuedToken(response.AccessToken, now + ((response.ExpireTime.ToDateTimeOffset() - now) * 0.8));
            Volatile.Write(ref _current, issued);
            return issued.Value;
        }
        finally
        {
            _renewing.Release();
        }
    }

    public void Dispose() => _renewing.Dispose();

    private sealed record IssuedToken(string Value, DateTimeOffset RenewAt);
}
