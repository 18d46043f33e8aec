using Backend.Client;
using Backend.IntegrationTests.Orders;
using Backend.Orders.Client;
using Backend.Orders.Streaming;
using Backend.Orders.V1;
using Backend.Platform.Identity;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Identity;

/// <summary>Watch streams live no longer than the token and the session that opened them.</summary>
public sealed class StreamSessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Tokens of three seconds, and no tolerance for clock differences, so expiry comes quickly.
    private readonly BackendFactory _factory = new BackendFactory()
        .With("Auth:AccessTokenLifetime", "00:00:03")
        .With("Auth:ClockSkew", "00:00:00");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchOrder_TokenExpires_StreamEndsUnauthenticated()
    {
        var (user, signedIn) = await SignInAsync();
        var order = await _factory.PlaceAsync(signedIn.AccessToken, user.Id);
        using var timeout = new CancellationTokenSource(Patience);
        using var call = _factory.Orders.WatchOrder(new WatchOrderRequest { OrderId = order.Id }, Bearer.Headers(signedIn.AccessToken), cancellationToken: timeout.Token);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));

        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(timeout.Token));

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Equal("TOKEN_EXPIRED", Reason(ended));
    }

    [Fact]
    public async Task WatchRevocations_ServiceTokenExpires_StreamEndsUnauthenticated()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var call = _factory.Users.WatchRevocations(
            new WatchRevocationsRequest(), Bearer.Headers(_factory.ServiceToken(ServicePermissions.Orders)), cancellationToken: timeout.Token);

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
            }
        });

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Equal("TOKEN_EXPIRED", Reason(ended));
    }

    [Fact]
    public async Task WatchOrders_SessionSignedOut_StreamEndsSessionRevoked()
    {
        await using var factory = new BackendFactory();
        var (user, _) = await factory.SignUpAsync(password: Password);
        var signedIn = await factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password });
        using var timeout = new CancellationTokenSource(Patience);
        using var call = factory.Orders.WatchOrders(new WatchOrdersRequest(), Bearer.Headers(signedIn.AccessToken), cancellationToken: timeout.Token);
        var reading = call.ResponseStream.MoveNext(timeout.Token);

        // WatchOrders is live from its subscription on: the order is placed once it is open.
        var hub = factory.Services.GetRequiredService<OrderEventHub>();
        while (hub.OpenSubscriptions == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        await factory.PlaceAsync(signedIn.AccessToken, user.Id);
        Assert.True(await reading);

        await factory.Users.SignOutAsync(new SignOutRequest(), Bearer.Headers(signedIn.AccessToken));
        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(timeout.Token));

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Equal("SESSION_REVOKED", Reason(ended));
    }

    [Fact]
    public async Task WatchOrderEvents_TokensExpireDuringTheWatch_EveryEventOnceWithFreshTokens()
    {
        var (user, signedIn) = await SignInAsync();
        var order = await _factory.PlaceAsync(signedIn.AccessToken, user.Id);
        var tokens = new RefreshingTokens(_factory.Users, signedIn.RefreshToken);
        var options = new OrderWatchOptions { AccessTokenProvider = tokens };
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<long>();
        var watching = Task.Run(async () =>
        {
            await foreach (var orderEvent in _factory.Orders.WatchOrderEventsAsync(order.Id, options: options, cancellationToken: timeout.Token))
            {
                lock (seen)
                {
                    seen.Add(orderEvent.Revision);
                }
            }
        });

        // Each step comes after the token of the moment has run out.
        foreach (var step in new[] { OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered })
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            await _factory.StepAsync(order.Id, step, Bearer.Headers(_factory.AdminToken()));
        }

        await watching.WaitAsync(timeout.Token);

        Assert.Equal([1L, 2, 3, 4], seen);
        Assert.True(tokens.Issued >= 2, $"Only {tokens.Issued} token(s) were asked for.");
    }

    private async Task<(User User, AuthenticateResponse SignedIn)> SignInAsync()
    {
        var (user, _) = await _factory.SignUpAsync(password: Password);
        return (user, await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password }));
    }

    private static string? Reason(RpcException error) => error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;

    // A client's provider: a new access token of the session each time, from its refresh token.
    private sealed class RefreshingTokens(UserService.UserServiceClient users, string refreshToken) : IAccessTokenProvider
    {
        private string _refreshToken = refreshToken;

        public int Issued { get; private set; }

        public async ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
        {
            var refreshed = await users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = _refreshToken }, cancellationToken: cancellationToken);
            _refreshToken = refreshed.RefreshToken;
            Issued++;
            return refreshed.AccessToken;
        }
    }
}
