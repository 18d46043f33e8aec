using System.Data.Common;
using Backend.Payments.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Backend.Payments.Data;

/// <summary>
/// Commits the payment service's hot writes in groups (<see cref="GroupCommit{TWrite}"/>):
/// whatever concurrent callers stage while one transaction commits goes into the next, so a
/// burst of charges costs one commit per group rather than one per write. Each caller is
/// answered only once the transaction holding its changes has committed; when a group fails (a
/// unique key taken, a stale version), its writes are committed one by one, so each caller gets
/// the answer its own changes deserve (docs/decisions/0016-grouped-payment-writes.md). A charge's
/// own rows are written by <see cref="PaymentStatements"/> (docs/decisions/0019-hand-written-charge-writes.md).
/// </summary>
internal sealed class PaymentWriter : IAsyncDisposable
{
    private readonly ServiceDatabase<PaymentsDbContext> _database;
    private readonly GroupCommit<PaymentWrite> _commits;

    // Made from the model on the first group, and used only by the writing loop.
    private PaymentStatements? _statements;

    public PaymentWriter(ServiceDatabase<PaymentsDbContext> database)
    {
        _database = database;
        _commits = new GroupCommit<PaymentWrite>(SaveAsync);
    }

    /// <summary>
    /// Completes once the changes <paramref name="stage"/> puts on a context are committed, or
    /// fails with what committing them alone failed with. <paramref name="stage"/> runs on the
    /// writer, once per attempt and each time on a fresh context, so it must stage the same
    /// changes every time (create what is inserted anew, attach what is updated).
    /// </summary>
    public Task WriteAsync(Action<PaymentsDbContext> stage, CancellationToken cancellationToken) =>
        _commits.WriteAsync(new PaymentWrite(stage, null), cancellationToken);

    /// <summary>Records a pending payment and its idempotency record, before the processor is asked.</summary>
    public Task StartChargeAsync(Payment payment, IdempotencyRecord record, CancellationToken cancellationToken) =>
        _commits.WriteAsync(new PaymentWrite(
            db =>
            {
                db.Payments.Add(payment);
                db.IdempotencyRecords.Add(record);
            },
            (statements, transaction) => statements.StartChargeAsync(transaction, payment, record)), cancellationToken);

    /// <summary>
    /// Records a charge's outcome (the payment in hand, changed from <paramref name="storedVersion"/>),
    /// its completed idempotency record and its hand-over, which gets its id. Fails with
    /// <see cref="DbUpdateConcurrencyException"/> when the stored payment has moved on.
    /// </summary>
    public Task FinishChargeAsync(Payment payment, long storedVersion, IdempotencyRecord record, OutboxMessage? handOver, CancellationToken cancellationToken) =>
        _commits.WriteAsync(new PaymentWrite(
            db =>
            {
                var entry = db.Entry(payment);
                entry.State = EntityState.Modified;
                entry.Property(p => p.Version).OriginalValue = storedVersion;
                db.Entry(record).State = EntityState.Unchanged;
                db.Entry(record).Property(r => r.Completed).IsModified = true;
                if (handOver is not null)
                {
                    // A failed attempt may have given it an id; the database gives it one anew.
                    handOver.Id = 0;
                    db.Outbox.Add(handOver);
                }
            },
            (statements, transaction) => statements.FinishChargeAsync(transaction, payment, storedVersion, record, handOver)), cancellationToken);

    /// <summary>Records the delivery of a hand-over held under this process's lease, as the message in hand has it.</summary>
    public Task MarkDeliveredAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        _commits.WriteAsync(new PaymentWrite(
            db =>
            {
                var entry = db.Entry(message);
                entry.State = EntityState.Unchanged;
                foreach (var name in PaymentStatements.Delivered)
                {
                    entry.Property(name).IsModified = true;
                }
            },
            (statements, transaction) => statements.MarkDeliveredAsync(transaction, message)), cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private async Task SaveAsync(IReadOnlyList<PaymentWrite> group)
    {
        await using var lease = _database.Open();
        var db = lease.Db;
        // Npgsql sends all of a SaveChanges in one round trip; the statements, one per row,
        // would each make their own (docs/decisions/0019-hand-written-charge-writes.md).
        var bySaveChanges = db.Database.IsNpgsql();
        foreach (var write in group)
        {
            if (bySaveChanges || write.Run is null)
            {
                write.Stage?.Invoke(db);
            }
        }

        if (bySaveChanges)
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        await db.QueuedWriteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(token);
            }

            var statements = _statements ??= new PaymentStatements(db);
            try
            {
                foreach (var write in group)
                {
                    if (write.Run is { } run)
                    {
                        await run(statements, transaction.GetDbTransaction());
                    }
                }
            }
            catch (DbException error)
            {
                // As SaveChanges reports it, so that callers tell a taken key by the same test.
                throw new DbUpdateException("A payment write failed: " + error.Message, error);
            }

            await transaction.CommitAsync(token);
            return 0;
        }, CancellationToken.None);
    }
}
