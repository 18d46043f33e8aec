using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;
using Grpc.Health.V1;

namespace Backend.IntegrationTests;

public sealed class HostedServicesTests
{
    [Fact]
    public async Task HostServices_Subset_ServesOnlyThoseServices()
    {
        await using var factory = new BackendFactory().With("Host:Services", "users,payments");
        var channel = factory.CreateChannel();

        var services = await new ReflectionProbe(channel.CreateCallInvoker()).ListServicesAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = OrderService.Descriptor.FullName }).ResponseAsync);

        Assert.Contains("backend.users.v1.UserService", services);
        Assert.Contains("backend.payments.v1.PaymentService", services);
        Assert.DoesNotContain("backend.orders.v1.OrderService", services);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public void HostServices_UnknownName_RefusesToStart()
    {
        using var factory = new BackendFactory().With("Host:Services", "users,inventory");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("inventory", error.ToString(), StringComparison.Ordinal);
    }
}
