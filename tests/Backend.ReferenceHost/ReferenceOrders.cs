using Backend.Orders.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.ReferenceHost;

/// <summary>
/// OrderService as bare as grpc-dotnet serves it: GetOrder answers one order of the platform's
/// usual shape for any id; CreateOrder, MarkOrderPaid, UpdateOrderStatus and WatchOrder keep
/// orders in memory (<see cref="ReferenceWatchedOrders"/>) so that the load tool's watch
/// scenarios can run against it. No storage, identity or validation: what the platform costs
/// on top of this is the platform's.
/// </summary>
internal sealed class ReferenceOrders(ReferenceWatchedOrders watched) : OrderService.OrderServiceBase
{
    private static readonly GetOrderResponse Answer = new()
    {
        Order = new Order
        {
            Id = "0192f1a2b3c4d5e6f708192a3b4c5d6e",
            UserId = "0192f1a2b3c4d5e6f708192a3b4c5d6f",
            Items = { new LineItem { Sku = "load-sku", Quantity = 2, UnitPrice = new Money { CurrencyCode = "EUR", Units = 9, Nanos = 990_000_000 } } },
            Total = new Money { CurrencyCode = "EUR", Units = 19, Nanos = 980_000_000 },
            Status = OrderStatus.PendingPayment,
            Revision = 1,
            Etag = "1",
            CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
        },
    };

    public override Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context) => Task.FromResult(Answer);

    public override Task<CreateOrderResponse> CreateOrder(CreateOrderRequest request, ServerCallContext context) =>
        Task.FromResult(new CreateOrderResponse { Order = watched.Create(request) });

    public override Task<MarkOrderPaidResponse> MarkOrderPaid(MarkOrderPaidRequest request, ServerCallContext context) =>
        Task.FromResult(new MarkOrderPaidResponse { Order = watched.Change(request.OrderId, OrderStatus.Paid) ?? throw NotFound() });

    public override Task<UpdateOrderStatusResponse> UpdateOrderStatus(UpdateOrderStatusRequest request, ServerCallContext context) =>
        Task.FromResult(new UpdateOrderStatusResponse { Order = watched.Change(request.OrderId, request.Status) ?? throw NotFound() });

    /// <summary>The order's latest event, then each change, until the caller goes.</summary>
    public override async Task WatchOrder(WatchOrderRequest request, IServerStreamWriter<WatchOrderResponse> responseStream, ServerCallContext context)
    {
        var (latest, next) = watched.Follow(request.OrderId) ?? throw NotFound();
        var sent = 0L;
        try
        {
            while (true)
            {
                if (latest.Revision > sent)
                {
                    await responseStream.WriteAsync(new WatchOrderResponse { Event = latest }, context.CancellationToken);
                    sent = latest.Revision;
                }

                await next.WaitAsync(context.CancellationToken);
                (latest, next) = watched.Follow(request.OrderId)!.Value;
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    private static RpcException NotFound() => new(new Status(StatusCode.NotFound, "no such order"));
}
