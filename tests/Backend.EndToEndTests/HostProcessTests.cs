using Backend.Testing;
using Grpc.Health.V1;

namespace Backend.EndToEndTests;

public sealed class HostProcessTests
{
    [Fact]
    public async Task Start_WithUrls_ServesEveryServiceOverHttp2Cleartext()
    {
        await using var host = await HostProcess.StartAsync();
        var health = new Health.HealthClient(host.Channel);

        foreach (var service in Contract.Services)
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service.FullName });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        }
    }

    [Fact]
    public async Task Start_WithAspNetCoreUrls_ServesThere()
    {
        await using var host = await HostProcess.StartAsync(urlsFromEnvironment: true);

        var response = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_OverRealPort_ListsServicesAndEveryRpcComment()
    {
        await using var host = await HostProcess.StartAsync();
        var probe = new ReflectionProbe(host.Channel.CreateCallInvoker());

        var services = await probe.ListServicesAsync();

        Assert.Equal(
            [
                "backend.orders.v1.OrderService",
                "backend.payments.v1.PaymentService",
                "backend.users.v1.UserService",
                "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection",
            ],
            services);
        foreach (var method in Contract.Services.SelectMany(s => s.Methods))
        {
            Assert.False(string.IsNullOrWhiteSpace(await probe.CommentOfAsync(method.Service.FullName, method.Name)), method.FullName);
        }
    }
}
