using System.Data.Common;
using Backend.Payments.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Backend.Payments.Data;

/// <summary>
/// The rows a charge writes on its hot path, on SQLite, as hand-written statements rather than
/// EF Core's SaveChanges, which builds each statement's SQL and parameters afresh for every row: the
/// pending payment with its idempotency record, the outcome with the completed record and the
/// hand-over, and the hand-over's delivery mark (docs/decisions/0019-hand-written-charge-writes.md).
/// A version that no longer matches is the concurrency conflict SaveChanges would report.
/// </summary>
internal sealed class PaymentStatements(DbContext db)
{
    /// <summary>What a hand-over's delivery changes: the statement's SET, and what EF Core marks modified on PostgreSQL.</summary>
    public static readonly string[] Delivered =
        [nameof(OutboxMessage.LeaseOwner), nameof(OutboxMessage.LeaseExpireTime), nameof(OutboxMessage.LastError), nameof(OutboxMessage.DeliverTime)];

    private readonly WriteStatement _insertPayment = WriteStatement.Insert(db, typeof(Payment));
    private readonly WriteStatement _insertRecord = WriteStatement.Insert(db, typeof(IdempotencyRecord));
    private readonly WriteStatement _insertHandOver = WriteStatement.Insert(db, typeof(OutboxMessage));
    private readonly WriteStatement _finishPayment = WriteStatement.Update(
        db, typeof(Payment), [nameof(Payment.Status), nameof(Payment.FailureReason), nameof(Payment.UpdateTime), nameof(Payment.Version)],
        [nameof(Payment.Id)], expected: nameof(Payment.Version));
    private readonly WriteStatement _completeRecord = WriteStatement.Update(
        db, typeof(IdempotencyRecord), [nameof(IdempotencyRecord.Completed)], [nameof(IdempotencyRecord.CallerId), nameof(IdempotencyRecord.Key)]);
    private readonly WriteStatement _handOverDelivered = WriteStatement.Update(db, typeof(OutboxMessage), Delivered, [nameof(OutboxMessage.Id)]);

    /// <summary>The pending payment and the idempotency record that points to it.</summary>
    public async Task StartChargeAsync(DbTransaction transaction, Payment payment, IdempotencyRecord record)
    {
        await _insertPayment.RunAsync(transaction, payment, null, returning: false, CancellationToken.None);
        await _insertRecord.RunAsync(transaction, record, null, returning: false, CancellationToken.None);
    }

    /// <summary>
    /// The payment's outcome over the version <paramref name="storedVersion"/> it had, the record
    /// completed, and the hand-over (given its id) when there is one.
    /// </summary>
    public async Task FinishChargeAsync(DbTransaction transaction, Payment payment, long storedVersion, IdempotencyRecord record, OutboxMessage? handOver)
    {
        if (await _finishPayment.RunAsync(transaction, payment, storedVersion, returning: false, CancellationToken.None) is not 1)
        {
            throw new DbUpdateConcurrencyException($"Payment {payment.Id} is no longer at version {storedVersion}.");
        }

        await _completeRecord.RunAsync(transaction, record, null, returning: false, CancellationToken.None);
        if (handOver is not null)
        {
            handOver.Id = Convert.ToInt64(await _insertHandOver.RunAsync(transaction, handOver, null, returning: true, CancellationToken.None),
                System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The hand-over's delivery (its lease, error and delivery time as the message in hand has them).</summary>
    public Task MarkDeliveredAsync(DbTransaction transaction, OutboxMessage message) =>
        _handOverDelivered.RunAsync(transaction, message, null, returning: false, CancellationToken.None);
}
