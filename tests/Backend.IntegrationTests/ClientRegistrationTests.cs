using Backend.Client;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests;

public sealed class ClientRegistrationTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task AddClients_Resolve_AndReachTheServer()
    {
        var headers = new List<Metadata>();
        using var provider = ClientServices(headers).BuildServiceProvider();

        var users = provider.GetRequiredService<UserService.UserServiceClient>();
        var orders = provider.GetRequiredService<OrderService.OrderServiceClient>();
        var payments = provider.GetRequiredService<PaymentService.PaymentServiceClient>();

        // Each reaches its service over HTTP/2: the answer is the server's, not a transport error.
        foreach (var call in new Func<Task>[]
        {
            () => users.GetUserAsync(new GetUserRequest { UserId = "u" }).ResponseAsync,
            () => orders.GetOrderAsync(new GetOrderRequest { OrderId = "o" }).ResponseAsync,
            () => payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = "p" }).ResponseAsync,
        })
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.NotEqual(StatusCode.Unavailable, error.StatusCode);
            Assert.NotEqual(StatusCode.Internal, error.StatusCode);
        }
    }

    [Fact]
    public async Task AddClient_WithTokenProvider_SendsBearerToken()
    {
        var seen = new List<Metadata>();
        var services = ClientServices(seen);
        services.AddBackendAccessToken(_ => ValueTask.FromResult<string?>("token-123"));
        using var provider = services.BuildServiceProvider();
        var orders = provider.GetRequiredService<OrderService.OrderServiceClient>();

        await Assert.ThrowsAsync<RpcException>(() => orders.GetOrderAsync(new GetOrderRequest()).ResponseAsync);

        Assert.Contains(seen, h => h.GetValue("authorization") == "Bearer token-123");
    }

    [Fact]
    public async Task AddUserServiceClient_WithTokenProvider_ReadsTheSignedInUser()
    {
        var (user, token) = await _factory.SignUpAsync();
        var services = new ServiceCollection();
        services.AddBackendAccessToken(_ => ValueTask.FromResult<string?>(token));
        services.AddUserServiceClient(o => o.Address = _factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler());
        using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<UserService.UserServiceClient>()
            .GetUserAsync(new GetUserRequest { UserId = user.Id });

        Assert.Equal(user.Email, response.User.Email);
    }

    [Fact]
    public async Task AddBackendAccessTokenProvider_ProviderWithDependencies_SendsItsToken()
    {
        var (user, token) = await _factory.SignUpAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new TokenStore(token));
        services.AddBackendAccessTokenProvider<StoredTokens>();
        using var provider = UserClient(services).BuildServiceProvider();

        var response = await provider.GetRequiredService<UserService.UserServiceClient>()
            .GetUserAsync(new GetUserRequest { UserId = user.Id });

        Assert.Equal(user.Email, response.User.Email);
    }

    [Fact]
    public async Task AddBackendAccessTokenProvider_Factory_BuildsTheProviderFromServices()
    {
        var (user, token) = await _factory.SignUpAsync();
        var services = new ServiceCollection();
        services.AddSingleton(new TokenStore(token));
        services.AddBackendAccessTokenProvider(sp => new StoredTokens(sp.GetRequiredService<TokenStore>()));
        using var provider = UserClient(services).BuildServiceProvider();

        var response = await provider.GetRequiredService<UserService.UserServiceClient>()
            .GetUserAsync(new GetUserRequest { UserId = user.Id });

        Assert.Equal(user.Email, response.User.Email);
    }

    [Fact]
    public async Task AddClient_UnaryCallWithoutDeadline_GetsDefaultDeadline()
    {
        var deadlines = new List<DateTime?>();
        var services = new ServiceCollection();
        services.AddOrderServiceClient(o =>
            {
                o.Address = _factory.Server.BaseAddress;
                o.DefaultDeadline = TimeSpan.FromSeconds(7);
            })
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler())
            .AddInterceptor(() => new Observer(options => deadlines.Add(options.Deadline), _ => { }));
        using var provider = services.BuildServiceProvider();
        var before = DateTime.UtcNow;

        await Assert.ThrowsAsync<RpcException>(() =>
            provider.GetRequiredService<OrderService.OrderServiceClient>().GetOrderAsync(new GetOrderRequest()).ResponseAsync);

        var deadline = Assert.Single(deadlines);
        Assert.NotNull(deadline);
        Assert.InRange(deadline.Value, before.AddSeconds(6), DateTime.UtcNow.AddSeconds(8));
    }

    private ServiceCollection UserClient(ServiceCollection services)
    {
        services.AddUserServiceClient(o => o.Address = _factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler());
        return services;
    }

    private ServiceCollection ClientServices(List<Metadata> seenHeaders)
    {
        var services = new ServiceCollection();
        services.AddUserServiceClient(o => o.Address = _factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler());
        services.AddOrderServiceClient(o => o.Address = _factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler())
            .AddHttpMessageHandler(() => new HeaderRecorder(seenHeaders));
        services.AddPaymentServiceClient(o => o.Address = _factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler());
        return services;
    }

    /// <summary>Something of the consumer's own that a token provider depends on.</summary>
    private sealed record TokenStore(string Token);

    /// <summary>A token provider that the service provider builds, with its dependencies.</summary>
    private sealed class StoredTokens(TokenStore store) : IAccessTokenProvider
    {
        public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(store.Token);
    }

    /// <summary>Sees the call options a client sends, after the registration's own interceptors.</summary>
    private sealed class Observer(Action<CallOptions> onOptions, Action<Metadata?> onHeaders) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            onOptions(context.Options);
            onHeaders(context.Options.Headers);
            return continuation(request, context);
        }
    }

    /// <summary>Records the HTTP headers that leave the client, where call credentials have been applied.</summary>
    private sealed class HeaderRecorder(List<Metadata> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var metadata = new Metadata();
            foreach (var (name, values) in request.Headers)
            {
                metadata.Add(name.ToLowerInvariant(), string.Join(",", values));
            }

            seen.Add(metadata);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
