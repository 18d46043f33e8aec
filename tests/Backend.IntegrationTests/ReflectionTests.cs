using Backend.Testing;
using Grpc.Core;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Backend.IntegrationTests;

public sealed class ReflectionTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task ListServices_V1_NamesEveryService()
    {
        var probe = new ReflectionProbe(_factory.CreateChannel().CreateCallInvoker());

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
    }

    [Fact]
    public async Task ListServices_V1Alpha_NamesEveryService()
    {
        var client = new V1Alpha.ServerReflection.ServerReflectionClient(_factory.CreateChannel());
        using var call = client.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("backend.orders.v1.OrderService", names);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", names);
    }

    [Fact]
    public async Task FileContainingSymbol_EveryRpc_CarriesItsComment()
    {
        var probe = new ReflectionProbe(_factory.CreateChannel().CreateCallInvoker());

        foreach (var service in Contract.Services)
        {
            Assert.False(string.IsNullOrWhiteSpace(await probe.CommentOfAsync(service.FullName)), service.FullName);
            foreach (var method in service.Methods)
            {
                var comment = await probe.CommentOfAsync(service.FullName, method.Name);
                Assert.False(string.IsNullOrWhiteSpace(comment), method.FullName);
            }
        }
    }

    [Fact]
    public async Task FileContainingSymbol_Message_ResolvesWithImports()
    {
        var probe = new ReflectionProbe(_factory.CreateChannel().CreateCallInvoker());

        var files = await probe.FilesContainingSymbolAsync("backend.orders.v1.Order");

        Assert.Contains(files, f => f.Name == "backend/orders/v1/order.proto");
        Assert.Contains(files, f => f.Name == "backend/type/v1/money.proto");
        Assert.Contains(files, f => f.Name == "google/protobuf/timestamp.proto");
    }

    [Fact]
    public async Task Reflection_DisabledByConfiguration_Unimplemented()
    {
        await using var factory = new BackendFactory().With("Reflection:Enabled", "false");
        var probe = new ReflectionProbe(factory.CreateChannel().CreateCallInvoker());

        var error = await Assert.ThrowsAsync<RpcException>(() => probe.ListServicesAsync());

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
