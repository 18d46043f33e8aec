using Backend.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Backend.IntegrationTests;

public sealed class UnimplementedTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    /// <summary>The contract's RPCs that no service implements yet.</summary>
    public static TheoryData<string> NotYetImplemented => new(
        Contract.Services.Where(s => s.FullName == "backend.payments.v1.PaymentService").SelectMany(s => s.Methods).Select(m => m.FullName));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(NotYetImplemented))]
    public async Task Call_RpcWithoutImplementation_Unimplemented(string fullName)
    {
        var method = Contract.FindMethod(fullName)!;
        var invoker = _factory.CreateChannel().CreateCallInvoker();
        var request = (Google.Protobuf.IMessage)Activator.CreateInstance(method.InputType.ClrType)!;

        var headers = Bearer.Headers(_factory.AdminToken());

        await GrpcAssert.FailsAsync(StatusCode.Unimplemented, () => Drain(invoker, method, request, headers), "UNIMPLEMENTED");
    }

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

    private static async Task Drain(CallInvoker invoker, MethodDescriptor method, Google.Protobuf.IMessage request, Metadata headers)
    {
        if (method.IsServerStreaming)
        {
            await foreach (var _ in DynamicCall.ServerStreamingAsync(invoker, method, request, headers))
            {
            }
        }
        else
        {
            await DynamicCall.UnaryAsync(invoker, method, request, headers);
        }
    }
}
