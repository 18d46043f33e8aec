using Backend.Testing;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Backend.IntegrationTests.Web;

/// <summary>
/// <c>(google.api.field_behavior) = REQUIRED</c> is a promise the validators keep: a request
/// without a required field is INVALID_ARGUMENT naming that field, for every RPC, including RPCs
/// added later (the fields are read from the descriptors).
/// </summary>
public sealed class RequiredFieldsTests
{
    [Fact]
    public async Task EveryRpc_RequiredFieldsMissing_RefusedNamingEachOne()
    {
        await using var factory = new BackendFactory();
        var headers = Bearer.Headers(factory.AdminToken());
        var invoker = factory.Channel.CreateCallInvoker();
        var checkedFields = 0;
        foreach (var method in RestRoutes.AllRpcs)
        {
            var required = method.InputType.Fields.InDeclarationOrder().Where(IsRequired).ToList();
            if (required.Count == 0)
            {
                continue;
            }

            var empty = method.InputType.Parser.ParseFrom(ByteString.Empty);
            var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => CallAsync(invoker, method, empty, headers));
            foreach (var field in required)
            {
                Assert.True(
                    failure.ViolatedFields.Any(v => Names(v, field)),
                    $"{method.FullName} without {field.Name} named only: {string.Join(", ", failure.ViolatedFields)}");
                checkedFields++;
            }
        }

        Assert.True(checkedFields >= 20, $"only {checkedFields} required fields in the contract");
    }

    private static bool IsRequired(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior).Contains(FieldBehavior.Required) == true;

    private static bool Names(string violation, FieldDescriptor field) =>
        violation == field.Name || violation == field.JsonName
        || violation.StartsWith(field.Name + ".", StringComparison.Ordinal) || violation.StartsWith(field.Name + "[", StringComparison.Ordinal);

    private static async Task CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request, Metadata headers)
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
