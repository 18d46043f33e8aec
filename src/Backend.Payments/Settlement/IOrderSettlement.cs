using Backend.Platform.Domain;

namespace Backend.Payments.Settlement;

/// <summary>
/// What PaymentService needs of OrderService, and nothing more: read an order to pay it, mark
/// it paid, record a refund. Refusals are <see cref="Platform.Errors.DomainException"/>s carrying
/// OrderService's reason, whichever adapter answers: OrderService called directly when
/// both services run in one process (registered by the host that composes both), <see cref="RemoteOrderSettlement"/> (the generated client)
/// when apart.
/// </summary>
public interface IOrderSettlement
{
    /// <summary>The order; NOT_FOUND when there is none, UNAVAILABLE when OrderService cannot be reached.</summary>
    Task<SettlementOrder> GetOrderAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>PENDING_PAYMENT -> PAID; a repeat for the same payment changes nothing.</summary>
    Task MarkPaidAsync(string orderId, string paymentId, CancellationToken cancellationToken);

    /// <summary>Records that the payment has been refunded <paramref name="refundedTotal"/> in all; repeats and late deliveries change nothing.</summary>
    Task RecordRefundAsync(string orderId, string paymentId, Money refundedTotal, CancellationToken cancellationToken);
}
