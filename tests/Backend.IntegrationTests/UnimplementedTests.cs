using Backend.Testing;
using Grpc.Core;

namespace Backend.IntegrationTests;

public sealed class UnimplementedTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Call_MethodOutsideContract_Unimplemented()
    {
        var invoker = _factory.CreateChannel().CreateCallInvoker();
        var real = Contract.FindMethod("backend.users.v1.UserService/GetUser")!;
        var bogus = new Method<Google.Protobuf.IMessage, Google.Protobuf.IMessage>(
            MethodType.Unary, real.Service.FullName, "NoSuchMethod",
            DynamicCall.MethodOf(real).RequestMarshaller, DynamicCall.MethodOf(real).ResponseMarshaller);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            invoker.AsyncUnaryCall(bogus, null, new CallOptions(Bearer.Headers(_factory.AdminToken())), new Backend.Users.V1.GetUserRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Call_EveryContractRpc_IsImplemented()
    {
        var invoker = _factory.CreateChannel().CreateCallInvoker();
        var headers = Bearer.Headers(_factory.AdminToken());

        foreach (var method in Contract.Services.SelectMany(s => s.Methods))
        {
            var request = (Google.Protobuf.IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
            try
            {
                if (method.IsServerStreaming)
                {
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await foreach (var _ in DynamicCall.ServerStreamingAsync(invoker, method, request, headers, stop.Token))
                    {
                        break;
                    }
                }
                else
                {
                    await DynamicCall.UnaryAsync(invoker, method, request, headers);
                }
            }
            catch (RpcException error)
            {
                // An empty request is refused, but by the service, not for want of one.
                Assert.True(error.StatusCode != StatusCode.Unimplemented, method.FullName);
            }
        }
    }
}
