using System.Collections.Concurrent;
using Backend.Orders.V1;
using Google.Protobuf.WellKnownTypes;

namespace Backend.ReferenceHost;

/// <summary>
/// Orders kept in memory for the bare WatchOrder: each order holds its latest event and one task
/// that every watcher of it awaits, completed with the next event and replaced at each change.
/// Nothing is stored, replayed or checked; an idle watcher costs only what grpc-dotnet and
/// Kestrel keep for an open stream, one awaiting method and its wait.
/// </summary>
internal sealed class ReferenceWatchedOrders(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Watched> _orders = new(StringComparer.Ordinal);

    public Order Create(CreateOrderRequest request)
    {
        var now = Timestamp.FromDateTimeOffset(time.GetUtcNow());
        var order = new Order
        {
            Id = Guid.CreateVersion7().ToString("N"),
            UserId = request.UserId,
            Items = { request.Items },
            Status = OrderStatus.PendingPayment,
            Revision = 1,
            Etag = "1",
            CreateTime = now,
            UpdateTime = now,
        };
        _orders[order.Id] = new Watched(new OrderEvent
        {
            OrderId = order.Id, Revision = 1, Status = order.Status, EventTime = now, Order = order,
        });
        return order;
    }

    /// <summary>The latest event of the order and the task that completes with the one after it; null for an unknown order.</summary>
    public (OrderEvent Latest, Task<OrderEvent> Next)? Follow(string orderId) =>
        _orders.TryGetValue(orderId, out var watched) ? watched.Follow() : null;

    /// <summary>Moves the order to <paramref name="status"/> and hands the change to every watcher; null for an unknown order.</summary>
    public Order? Change(string orderId, OrderStatus status) =>
        _orders.TryGetValue(orderId, out var watched) ? watched.Change(status, Timestamp.FromDateTimeOffset(time.GetUtcNow())) : null;

    private sealed class Watched(OrderEvent first)
    {
        private readonly Lock _lock = new();
        private OrderEvent _latest = first;
        private TaskCompletionSource<OrderEvent> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public (OrderEvent, Task<OrderEvent>) Follow()
        {
            lock (_lock)
            {
                return (_latest, _next.Task);
            }
        }

        public Order Change(OrderStatus status, Timestamp now)
        {
            TaskCompletionSource<OrderEvent> waiting;
            OrderEvent changed;
            lock (_lock)
            {
                var order = _latest.Order.Clone();
                order.Status = status;
                order.Revision++;
                order.Etag = order.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                order.UpdateTime = now;
                changed = new OrderEvent
                {
                    OrderId = order.Id, Revision = order.Revision, Status = status, PreviousStatus = _latest.Status, EventTime = now, Order = order,
                };
                (_latest, waiting, _next) = (changed, _next, new TaskCompletionSource<OrderEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            waiting.SetResult(changed);
            return changed.Order;
        }
    }
}
