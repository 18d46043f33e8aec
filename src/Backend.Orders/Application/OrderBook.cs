using Backend.Platform.Domain;
using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Application;

/// <summary>
/// Places orders and changes them. Every change updates the order and appends its event in one
/// transaction, then hands the event to the live watchers. New orders are written in groups
/// (<see cref="NewOrderWriter"/>). Reads are <see cref="OrderReads"/>.
/// </summary>
internal sealed class OrderBook(
    ServiceDatabase<OrdersDbContext> database, NewOrderWriter writer, OrderChangeWriter changes, PriceList priceList, OrderEventHub hub, ClusterEvents cluster, TimeProvider timeProvider)
{
    private const string Resource = "order";
    private const int MaxAttempts = 5;

    public async Task<Order> CreateAsync(string userId, IReadOnlyList<NewLineItem> items, string requestId, Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.CanActFor(userId) && !caller.IsService)
        {
            throw DomainException.PermissionDenied("ORDER_FOR_ANOTHER_USER", "Orders can be placed only for the caller's own user.");
        }

        // Only a request id is ever compared with a fingerprint: without one there is nothing to hash.
        var fingerprint = requestId.Length > 0 ? OrderRequestFingerprint.Of(userId, items) : "";
        if (requestId.Length > 0 && await FindByRequestAsync(userId, requestId, fingerprint, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var prices = await priceList.PriceAsync(items, caller.IsAdmin || caller.IsService, cancellationToken);
        var currency = prices[0].CurrencyCode;
        var total = items.Select((item, n) => prices[n].Times(item.Quantity)).Aggregate(Money.Zero(currency), (sum, line) => sum.Plus(line));
        if (!total.FitsContract)
        {
            throw DomainException.Invalid("items", "the order total is too large");
        }

        var now = timeProvider.Now();
        var order = new Order
        {
            Id = ResourceIds.New(timeProvider),
            UserId = userId,
            Items = items.Select((i, n) => new LineItem
            {
                Position = n,
                Sku = i.Sku,
                Quantity = i.Quantity,
                UnitPriceUnits = prices[n].Units,
                UnitPriceNanos = prices[n].NanoPart,
            }).ToList(),
            CurrencyCode = currency,
            TotalUnits = total.Units,
            TotalNanos = total.NanoPart,
            Status = OrderStatus.PendingPayment,
            RequestId = requestId,
            RequestFingerprint = fingerprint,
            CreateTime = now,
            UpdateTime = now,
        };
        var created = OrderEvent.After(order, OrderStatus.Unspecified);

        try
        {
            await writer.WriteAsync(order, created, cancellationToken);
        }
        catch (DbUpdateException error) when (requestId.Length > 0 && error.IsUniqueViolation())
        {
            // A concurrent request with the same id won: answer with its order.
            return await FindByRequestAsync(userId, requestId, fingerprint, cancellationToken)
                ?? throw new InvalidOperationException("The order holding the request id vanished.");
        }

        hub.Publish(created);
        return order;
    }

    public Task<Order> CancelAsync(string orderId, string reason, Caller caller, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, "", caller.CanActFor, order =>
        {
            order.Status = OrderStateMachine.Cancel(order.Status);
            order.CancelReason = reason;
            return true;
        }, cancellationToken);

    public Task<Order> FulfilAsync(string orderId, OrderStatus status, string etag, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, etag, _ => true, order =>
        {
            order.Status = OrderStateMachine.Fulfil(order.Status, status);
            return true;
        }, cancellationToken);

    /// <summary>
    /// PENDING_PAYMENT -> PAID; a repeat for the payment that paid the order changes nothing. The
    /// change joins the next group of order changes (<see cref="OrderChangeWriter"/>): a burst of
    /// payments costs one commit per group. A concurrent change of the order is retried on the
    /// fresh order.
    /// </summary>
    public async Task<Order> MarkPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Order order;
            await using (var lease = database.Open())
            {
                order = await OrderReads.ById(lease.Db, orderId, cancellationToken) ?? throw DomainException.NotFound(Resource, orderId);
            }

            if (order.PaymentId == paymentId)
            {
                return order;
            }

            var previous = order.Status;
            var stored = order.Revision;
            order.Status = OrderStateMachine.Pay(order.Status);
            order.PaymentId = paymentId;
            order.Revision++;
            order.UpdateTime = timeProvider.Now();
            var changed = OrderEvent.After(order, previous);
            try
            {
                await changes.WriteAsync(order, stored, changed, cancellationToken);
            }
            catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || error.IsUniqueViolation())
            {
                if (attempt == MaxAttempts)
                {
                    throw DomainException.StaleEtag(Resource);
                }

                continue;
            }

            hub.Publish(changed);
            return order;
        }
    }

    /// <summary>
    /// Records a refund of the payment that paid the order: <paramref name="refundedTotal"/> is
    /// the payment's refunded total after it (null: all of it). See <see cref="Order.RecordRefund"/>.
    /// </summary>
    public Task<Order> MarkRefundedAsync(string orderId, string paymentId, Money? refundedTotal, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, "", _ => true, order =>
        {
            if (refundedTotal is null && order.Status == OrderStatus.Refunded && order.PaymentId == paymentId)
            {
                return false;
            }

            return order.RecordRefund(paymentId, refundedTotal ?? order.Total);
        }, cancellationToken);

    /// <summary>
    /// Loads the order, applies <paramref name="change"/> (false: nothing to do) and saves it with
    /// its event. A concurrent change is retried on the fresh order unless the caller pinned an etag.
    /// </summary>
    private async Task<Order> ChangeAsync(
        string orderId, string etag, Func<string, bool> mayChange, Func<Order, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            OrderEvent changed;
            Order order;
            await using (var lease = database.Open())
            {
                var found = await lease.Db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
                if (found is null || !mayChange(found.UserId))
                {
                    throw DomainException.NotFound(Resource, orderId);
                }

                order = found;
                if (etag.Length > 0 && etag != order.Etag)
                {
                    throw DomainException.StaleEtag(Resource);
                }

                var previous = order.Status;
                if (!change(order))
                {
                    return order;
                }

                order.Revision++;
                order.UpdateTime = timeProvider.Now();
                changed = OrderEvent.After(order, previous);
                lease.Db.Events.Add(changed);
                try
                {
                    await cluster.SaveAsync(lease.Db, changed, cancellationToken);
                }
                catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || error.IsUniqueViolation())
                {
                    if (etag.Length > 0 || attempt == MaxAttempts)
                    {
                        throw DomainException.StaleEtag(Resource);
                    }

                    continue;
                }
            }

            hub.Publish(changed);
            return order;
        }
    }

    private async Task<Order?> FindByRequestAsync(string userId, string requestId, string fingerprint, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var order = await lease.Db.Orders.AsNoTracking()
            .FirstOrDefaultAsync(o => o.UserId == userId && o.RequestId == requestId, cancellationToken);
        return order is null || order.RequestFingerprint == fingerprint
            ? order
            : throw new DomainException(ErrorKind.AlreadyExists, "REQUEST_ID_REUSED",
                "This request_id was already used for a different order; use a new request_id for a new order.",
                metadata: new Dictionary<string, string> { ["request_id"] = requestId, ["order_id"] = order.Id });
    }
}
