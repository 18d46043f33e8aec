using Backend.Orders.V1;
using Grpc.Core;

namespace Backend.Orders.Streaming;

/// <summary>
/// Binds OrderService as generated, except the watch methods, which <see cref="WatchMethods"/>
/// binds with its pass-through marshaller (two endpoints on one path would be ambiguous).
/// Named by the service's <c>BindServiceMethod</c> attribute, which grpc-dotnet looks for first.
/// </summary>
internal static class OrderServiceBinding
{
    public static void BindService(ServiceBinderBase binder, OrderService.OrderServiceBase service) =>
        OrderService.BindService(new WithoutWatches(binder), service);

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
