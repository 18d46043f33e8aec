using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Outbox;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Payments.Application;

/// <summary>
/// PaymentService's use cases: charge, refund, read. A charge or refund hands its change over
/// to OrderService before it answers, so the caller finds the order already changed; whatever
/// fails there the outbox relay retries.
/// </summary>
internal sealed class PaymentDesk(ServiceDatabase<PaymentsDbContext> database, Charges charges, Refunds refunds, HandOverDelivery handOver)
{
    public const string PaymentResource = "payment";

    public async Task<Payment> CreateAsync(
        string orderId, Money amount, string paymentMethod, string idempotencyKey, Caller caller, CancellationToken cancellationToken)
    {
        var (payment, leased) = await charges.CreateAsync(orderId, amount, paymentMethod, idempotencyKey, caller, cancellationToken);
        // A retried request delivers what is still due.
        await (leased is not null
            ? handOver.DeliverLeasedAsync(leased, CancellationToken.None)
            : handOver.DeliverDueAsync(payment.Id, CancellationToken.None));
        return payment;
    }

    public async Task<(Payment Payment, Refund Refund)> RefundAsync(
        string paymentId, Money? amount, string idempotencyKey, string reason, Caller caller, CancellationToken cancellationToken)
    {
        var (payment, refund, leased) = await refunds.RefundAsync(paymentId, amount, idempotencyKey, reason, caller, cancellationToken);
        await (leased is not null
            ? handOver.DeliverLeasedAsync(leased, CancellationToken.None)
            : handOver.DeliverDueAsync(paymentId, CancellationToken.None));
        return (payment, refund);
    }

    public async Task<Payment> GetAsync(string paymentId, Caller caller, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var payment = await lease.Db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == paymentId && p.Status != PaymentStatus.Pending, cancellationToken);
        return payment is not null && caller.CanRead(payment.UserId) ? payment : throw DomainException.NotFound(PaymentResource, paymentId);
    }

    public async Task<PaymentPage> ListAsync(string orderId, int pageSize, string pageToken, Caller caller, CancellationToken cancellationToken)
    {
        var query = "payments:" + orderId;
        var size = PageToken.Size(pageSize);
        var before = PageToken.Decode(pageToken, query);
        var everyone = caller.IsAdmin || caller.IsService;
        await using var lease = database.Open();
        var payments = lease.Db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Status != PaymentStatus.Pending && (everyone || p.UserId == caller.UserId));
        if (before is not null)
        {
            payments = payments.Where(p => string.Compare(p.Id, before) < 0);
        }

        var page = await payments.OrderByDescending(p => p.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageToken.Encode(query, page[size - 1].Id) : "";
        return new PaymentPage(page.Take(size).ToList(), next);
    }
}
