using Backend.Orders.Grpc;
using Backend.Orders.V1;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Backend.Orders.Streaming;

/// <summary>
/// WatchOrder and WatchOrders as gRPC methods whose response marshaller writes a
/// <see cref="WatchEvent"/>'s bytes as they are: the event is encoded once when it is published,
/// not once per stream. The wire contract is the generated one (same paths, same messages);
/// only the server's way of producing the bytes differs. <see cref="OrderServiceBinding"/> keeps
/// the generated binding from mapping the same two paths.
/// </summary>
internal sealed class WatchMethods : IServiceMethodProvider<OrderGrpcService>
{
    public static readonly string[] Names = ["WatchOrder", "WatchOrders"];

    private static readonly Marshaller<WatchEvent> Encoded = Marshallers.Create<WatchEvent>(
        (watchEvent, context) => context.Complete(watchEvent.Payload),
        _ => throw new NotSupportedException("Watch events are only written by the server."));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OrderGrpcService> context)
    {
        context.AddServerStreamingMethod(
            Method("WatchOrder", WatchOrderRequest.Parser),
            Metadata(),
            (service, request, stream, call) => service.WatchOrderEncoded(request, stream, call));
        context.AddServerStreamingMethod(
            Method("WatchOrders", WatchOrdersRequest.Parser),
            Metadata(),
            (service, request, stream, call) => service.WatchOrdersEncoded(request, stream, call));
    }

    private static Method<TRequest, WatchEvent> Method<TRequest>(string name, Google.Protobuf.MessageParser<TRequest> parser)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var request = Marshallers.Create<TRequest>(
            (message, context) => context.Complete(Google.Protobuf.MessageExtensions.ToByteArray(message)),
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
        return new Method<TRequest, WatchEvent>(MethodType.ServerStreaming, OrderServiceBinding.Descriptor.FullName, name, request, Encoded);
    }

    // What grpc-dotnet gives every method it binds: the service type's attributes, and POST.
    private static List<object> Metadata() =>
        [.. typeof(OrderGrpcService).GetCustomAttributes(inherit: true), new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];
}
