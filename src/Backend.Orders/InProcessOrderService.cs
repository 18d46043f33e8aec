using Backend.Orders.Application;
using Backend.Orders.Grpc;
using Backend.Platform.Domain;
using Backend.Platform.Identity;

namespace Backend.Orders;

/// <summary>
/// What OrderService offers a payment service hosted in the same process: GetOrder,
/// MarkOrderPaid and MarkOrderRefunded by the same rules as the RPCs, as plain calls (no HTTP/2,
/// no token). Refusals are the same <see cref="Platform.Errors.DomainException"/>s the RPCs map
/// to status codes. Registered only where this process hosts OrderService.
/// </summary>
public sealed class InProcessOrderService
{
    // The payment service acts as a service identity would over the network.
    private static readonly Caller Payments = new("service-payments", PlatformRoles.Service);
    private readonly OrderBook _book;
    private readonly OrderReads _reads;

    internal InProcessOrderService(OrderBook book, OrderReads reads) => (_book, _reads) = (book, reads);

    public async Task<V1.Order> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        (await _reads.GetAsync(orderId, Payments, cancellationToken)).ToProto();

    public async Task<V1.Order> MarkOrderPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken) =>
        (await _book.MarkPaidAsync(orderId, paymentId, cancellationToken)).ToProto();

    /// <param name="orderId">The order.</param>
    /// <param name="paymentId">The payment that paid it.</param>
    /// <param name="refundedTotal">The payment's refunded total after this refund; null: all of it.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public async Task<V1.Order> MarkOrderRefundedAsync(string orderId, string paymentId, Money? refundedTotal, CancellationToken cancellationToken) =>
        (await _book.MarkRefundedAsync(orderId, paymentId, refundedTotal, cancellationToken)).ToProto();
}
