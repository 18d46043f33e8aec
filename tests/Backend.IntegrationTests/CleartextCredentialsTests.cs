using Backend.Client;
using Backend.Orders.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests;

public sealed class CleartextCredentialsTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();
    private readonly List<string?> _sentAuthorization = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Call_TokenOverCleartextToNonLoopbackAddress_RefusedBeforeAnythingIsSent()
    {
        using var provider = OrdersClient("http://orders.internal.example:5000", allowInsecure: false);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            provider.GetRequiredService<OrderService.OrderServiceClient>().GetOrderAsync(new GetOrderRequest { OrderId = "o" }).ResponseAsync);

        Assert.Contains("Refusing to send a bearer token over cleartext http to orders.internal.example", error.Status.Detail);
        Assert.Contains(nameof(BackendClientOptions.AllowInsecureCredentials), error.Status.Detail);
        Assert.Empty(_sentAuthorization);
    }

    [Theory]
    [InlineData("http://orders.internal.example:5000", true)]
    [InlineData("https://orders.internal.example:5001", false)]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://[::1]:5000", false)]
    [InlineData("http://localhost:5000", false)]
    public async Task Call_TokenOverTlsLoopbackOrAllowedCleartext_SendsTheToken(string address, bool allowInsecure)
    {
        using var provider = OrdersClient(address, allowInsecure);

        // The server's answer (no such order), not a refusal of the client's own.
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            provider.GetRequiredService<OrderService.OrderServiceClient>().GetOrderAsync(new GetOrderRequest { OrderId = "o" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Bearer a-token", Assert.Single(_sentAuthorization));
    }

    private ServiceProvider OrdersClient(string address, bool allowInsecure)
    {
        var services = new ServiceCollection();
        services.AddBackendAccessToken(_ => ValueTask.FromResult<string?>("a-token"));
        services.AddOrderServiceClient(o =>
            {
                o.Address = new Uri(address);
                o.AllowInsecureCredentials = allowInsecure;
                o.MaxAttempts = 1;
            })
            .ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler())
            .AddHttpMessageHandler(() => new AuthorizationRecorder(_sentAuthorization));
        return services.BuildServiceProvider();
    }

    /// <summary>Records the authorization header of each request that leaves the client.</summary>
    private sealed class AuthorizationRecorder(List<string?> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
