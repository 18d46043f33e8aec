using Backend.Payments.Data;
using Backend.Payments.Settlement;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Google.Protobuf.Reflection;
using Microsoft.EntityFrameworkCore;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.Payments.Application;

/// <summary>
/// Who may refund when. A customer may refund their own payment only while the order is PAID
/// (not yet shipped); after that refunds are for admins, who must say why.
/// </summary>
internal sealed class RefundPolicy(ServiceDatabase<PaymentsDbContext> database, IOrderSettlement orders)
{
    public const string WindowClosed = "REFUND_WINDOW_CLOSED";
    public const string ReasonRequired = "REFUND_REASON_REQUIRED";

    public async Task CheckAsync(string paymentId, string reason, Caller caller, CancellationToken cancellationToken)
    {
        var staff = caller.IsAdmin || caller.IsService;
        if (staff && reason.Length > 0)
        {
            // Allowed at any time; the order need not be read.
            return;
        }

        Domain.Payment? payment;
        await using (var lease = database.Open())
        {
            payment = await lease.Db.Payments.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == paymentId && p.Status != Domain.PaymentStatus.Pending, cancellationToken);
        }

        if (payment is null || !caller.CanActFor(payment.UserId))
        {
            throw DomainException.NotFound(PaymentDesk.PaymentResource, paymentId);
        }

        if (!payment.IsRefundable)
        {
            // The payment refuses it itself, with its own reason.
            return;
        }

        var order = await orders.GetOrderAsync(payment.OrderId, cancellationToken);
        if (order.Status == OrderStatus.Paid)
        {
            return;
        }

        var status = Orders.V1.OrderReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(OrderStatus)).FindValueByNumber((int)order.Status).Name;
        if (!staff)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, WindowClosed,
                $"A payment can be refunded by its customer only while the order is paid and not yet shipped; the order is {status}. Ask support for a refund.",
                metadata: new Dictionary<string, string> { ["order_status"] = status });
        }

        throw new DomainException(ErrorKind.InvalidArgument, ReasonRequired, "A refund after the order was shipped needs a reason.",
            [new FieldViolation("reason", "is required to refund an order that is no longer ORDER_STATUS_PAID")]);
    }
}
