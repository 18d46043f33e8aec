using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Backend.Testing;

/// <summary>
/// Calls any method of the contract from its descriptor, as grpcurl does: request and response
/// are plain <see cref="IMessage"/>s, parsed and formatted from and to JSON.
/// </summary>
public static class DynamicCall
{
    public static Method<IMessage, IMessage> MethodOf(MethodDescriptor method) => new(
        method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
        method.Service.FullName,
        method.Name,
        Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes)),
        Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes)));

    public static IMessage ParseRequest(MethodDescriptor method, string json) =>
        JsonParser.Default.Parse(json, method.InputType);

    public static async Task<IMessage> UnaryAsync(
        CallInvoker invoker, MethodDescriptor method, IMessage request, Metadata? headers = null, CancellationToken cancellationToken = default)
    {
        using var call = invoker.AsyncUnaryCall(
            MethodOf(method), null, new CallOptions(headers, cancellationToken: cancellationToken), request);
        return await call.ResponseAsync;
    }

    public static async IAsyncEnumerable<IMessage> ServerStreamingAsync(
        CallInvoker invoker, MethodDescriptor method, IMessage request, Metadata? headers = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = invoker.AsyncServerStreamingCall(
            MethodOf(method), null, new CallOptions(headers, cancellationToken: cancellationToken), request);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            yield return call.ResponseStream.Current;
        }
    }

    /// <summary>The JSON grpcurl would print for a response: camelCase names, defaults left out.</summary>
    public static string ToJson(IMessage message) => JsonFormatter.Default.Format(message);
}
