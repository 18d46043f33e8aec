using Google.Protobuf.Reflection;
using Grpc.Core;
using ServerStubs = Backend.Orders.Grpc.OrderService;

namespace Backend.Orders.Streaming;

/// <summary>
/// Binds OrderService as generated (the server stubs this project generates, see
/// GrpcServerStubs.targets), except the watch methods, which <see cref="WatchMethods"/>
/// binds with its pass-through marshaller (two endpoints on one path would be ambiguous).
/// Named by the service's <c>BindServiceMethod</c> attribute, which grpc-dotnet looks for first.
/// </summary>
internal static class OrderServiceBinding
{
    /// <summary>The service's descriptor, which JSON transcoding looks for on the binding class.</summary>
    public static ServiceDescriptor Descriptor => ServerStubs.Descriptor;

    // JSON transcoding binds REST routes, not gRPC paths, so it takes the generated watch methods
    // (which write decoded messages); the gRPC binding leaves them to WatchMethods.
    public static void BindService(ServiceBinderBase binder, ServerStubs.OrderServiceBase service) =>
        ServerStubs.BindService(IsJsonTranscoding(binder) ? binder : new WithoutWatches(binder), service);

    private static bool IsJsonTranscoding(ServiceBinderBase binder) =>
        binder.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Grpc.JsonTranscoding", StringComparison.Ordinal) == true;

    private sealed class WithoutWatches(ServiceBinderBase binder) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            binder.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            binder.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            binder.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (!WatchMethods.Names.Contains(method.Name))
            {
                binder.AddMethod(method, handler);
            }
        }
    }
}
