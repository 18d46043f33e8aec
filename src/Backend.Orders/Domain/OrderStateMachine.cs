using Backend.Platform.Errors;

namespace Backend.Orders.Domain;

/// <summary>
/// The order lifecycle. PENDING_PAYMENT -> PAID -> SHIPPED -> DELIVERED is fulfilment;
/// PENDING_PAYMENT -> CANCELLED and PAID/SHIPPED/DELIVERED -> REFUNDED end it early. Every other
/// move is refused with FAILED_PRECONDITION and a reason naming the rule broken.
/// </summary>
public static class OrderStateMachine
{
    public const string CancelRequiresPendingPayment = "CANCEL_REQUIRES_PENDING_PAYMENT";
    public const string PayRequiresPendingPayment = "PAY_REQUIRES_PENDING_PAYMENT";
    public const string ShipRequiresPaid = "SHIP_REQUIRES_PAID";
    public const string DeliverRequiresShipped = "DELIVER_REQUIRES_SHIPPED";
    public const string RefundRequiresPaid = "REFUND_REQUIRES_PAID";
    public const string PaymentMismatch = "PAYMENT_MISMATCH";

    public static bool IsTerminal(OrderStatus status) =>
        status is OrderStatus.Delivered or OrderStatus.Cancelled or OrderStatus.Refunded;

    /// <summary>The status a move leads to, or the refusal.</summary>
    public static OrderStatus Cancel(OrderStatus from) =>
        from == OrderStatus.PendingPayment ? OrderStatus.Cancelled : throw Refuse(CancelRequiresPendingPayment, from, OrderStatus.Cancelled,
            "Only an order waiting for payment can be cancelled; a paid order is undone by a full refund.");

    public static OrderStatus Pay(OrderStatus from) =>
        from == OrderStatus.PendingPayment ? OrderStatus.Paid : throw Refuse(PayRequiresPendingPayment, from, OrderStatus.Paid,
            "Only an order waiting for payment can be paid.");

    /// <summary>A fulfilment move: SHIPPED from PAID, DELIVERED from SHIPPED.</summary>
    public static OrderStatus Fulfil(OrderStatus from, OrderStatus to) => to switch
    {
        OrderStatus.Shipped when from == OrderStatus.Paid => to,
        OrderStatus.Shipped => throw Refuse(ShipRequiresPaid, from, to, "Only a paid order can be shipped."),
        OrderStatus.Delivered when from == OrderStatus.Shipped => to,
        OrderStatus.Delivered => throw Refuse(DeliverRequiresShipped, from, to, "Only a shipped order can be delivered."),
        _ => throw new ArgumentOutOfRangeException(nameof(to), to, "Fulfilment moves to SHIPPED or DELIVERED only."),
    };

    /// <summary>A partial refund: the order stays where it is, which must be PAID, SHIPPED or DELIVERED.</summary>
    public static OrderStatus RefundPart(OrderStatus from) =>
        from is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered ? from
        : throw Refuse(RefundRequiresPaid, from, from, "Only a paid, shipped or delivered order can be refunded.");

    public static DomainException NotPaidBy(string paymentId) =>
        new(ErrorKind.FailedPrecondition, PaymentMismatch, "The order was not paid by that payment.",
            metadata: new Dictionary<string, string> { ["payment_id"] = paymentId });

    public static OrderStatus Refund(OrderStatus from) =>
        from is OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered ? OrderStatus.Refunded
        : throw Refuse(RefundRequiresPaid, from, OrderStatus.Refunded, "Only a paid, shipped or delivered order can be refunded.");

    private static DomainException Refuse(string rule, OrderStatus from, OrderStatus to, string message) =>
        new(ErrorKind.FailedPrecondition, rule, $"{message} The order is {Name(from)}.",
            metadata: new Dictionary<string, string> { ["from"] = Name(from), ["to"] = Name(to) });

    public static string Name(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "ORDER_STATUS_PENDING_PAYMENT",
        OrderStatus.Paid => "ORDER_STATUS_PAID",
        OrderStatus.Shipped => "ORDER_STATUS_SHIPPED",
        OrderStatus.Delivered => "ORDER_STATUS_DELIVERED",
        OrderStatus.Cancelled => "ORDER_STATUS_CANCELLED",
        OrderStatus.Refunded => "ORDER_STATUS_REFUNDED",
        _ => "ORDER_STATUS_UNSPECIFIED",
    };
}
