using Grpc.Core;
using Grpc.Health.V1;

namespace Backend.IntegrationTests;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Theory]
    [InlineData("")]
    [InlineData("backend.users.v1.UserService")]
    [InlineData("backend.orders.v1.OrderService")]
    [InlineData("backend.payments.v1.PaymentService")]
    public async Task Check_KnownService_Serving(string service)
    {
        var health = new Health.HealthClient(_factory.CreateChannel());

        var response = await health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        var health = new Health.HealthClient(_factory.CreateChannel());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            health.CheckAsync(new HealthCheckRequest { Service = "backend.nothing.v1.Nothing" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Watch_Service_SendsServingFirst()
    {
        var health = new Health.HealthClient(_factory.CreateChannel());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var call = health.Watch(
            new HealthCheckRequest { Service = "backend.orders.v1.OrderService" }, cancellationToken: cancellation.Token);

        Assert.True(await call.ResponseStream.MoveNext(cancellation.Token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, call.ResponseStream.Current.Status);
    }
}
