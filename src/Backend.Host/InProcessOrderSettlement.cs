using Backend.Orders;
using Backend.Payments.Settlement;
using Backend.Platform.Domain;

namespace Backend.Host;

/// <summary>
/// OrderService in this very process, called directly: no HTTP/2 request, no token. The
/// hand-over still goes through the outbox, so delivery stays at-least-once and OrderService
/// applies each one idempotently, as over the network.
/// </summary>
internal sealed class InProcessOrderSettlement(InProcessOrderService orders) : IOrderSettlement
{
    public async Task<SettlementOrder> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        SettlementOrder.From(await orders.GetOrderAsync(orderId, cancellationToken));

    public Task MarkPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken) =>
        orders.MarkOrderPaidAsync(orderId, paymentId, cancellationToken);

    public Task RecordRefundAsync(string orderId, string paymentId, Money refundedTotal, CancellationToken cancellationToken) =>
        orders.MarkOrderRefundedAsync(orderId, paymentId, refundedTotal, cancellationToken);
}
