using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Application;

/// <summary>
/// Looks up what a caller's idempotency key already stands for, and waits for a first request
/// still in flight, so every retry answers with the first completed result.
/// </summary>
internal sealed class IdempotencyKeys(ServiceDatabase<PaymentsDbContext> database, IOptions<PaymentsOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    // Every charge and refund asks first, so it is compiled once rather than translated on every call.
    private static readonly Func<PaymentsDbContext, string, string, CancellationToken, Task<IdempotencyRecord?>> RecordByKey =
        EF.CompileAsyncQuery((PaymentsDbContext db, string callerId, string key, CancellationToken _) =>
            db.IdempotencyRecords.AsNoTracking().FirstOrDefault(r => r.CallerId == callerId && r.Key == key));

    /// <summary>
    /// The id of the result the key produced, once its first request completed; null when the
    /// key is new (or expired).
    /// </summary>
    public async Task<string?> ResultOfAsync(string callerId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var waitUntil = timeProvider.GetUtcNow() + options.Value.IdempotencyWait;
        while (true)
        {
            IdempotencyRecord? record;
            await using (var lease = database.Open())
            {
                record = await RecordByKey(lease.Db, callerId, key, cancellationToken);
            }

            if (record is null)
            {
                return null;
            }

            if (record.ExpireTime <= timeProvider.GetUtcNow())
            {
                // Past its retention the key is free again.
                await ForgetExpiredAsync(callerId, key, cancellationToken);
                return null;
            }

            if (record.Fingerprint != fingerprint)
            {
                throw new DomainException(ErrorKind.InvalidArgument, "IDEMPOTENCY_KEY_REUSED",
                    "This idempotency key was already used with different parameters; use a new key for a new request.",
                    [new FieldViolation("idempotency_key", "was already used with different parameters")]);
            }

            if (record.Completed)
            {
                return record.ResultId;
            }

            if (timeProvider.GetUtcNow() >= waitUntil)
            {
                throw new DomainException(ErrorKind.Aborted, "IDEMPOTENT_REQUEST_IN_PROGRESS",
                    "The first request with this idempotency key is still being processed; retry with the same key shortly.");
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }

    public IdempotencyRecord NewRecord(string callerId, string key, string fingerprint, string resultId)
    {
        var now = timeProvider.Now();
        return new IdempotencyRecord
        {
            CallerId = callerId,
            Key = key,
            Fingerprint = fingerprint,
            ResultId = resultId,
            CreateTime = now,
            ExpireTime = now + options.Value.IdempotencyRetention,
        };
    }

    /// <summary>Marks the record whose request produced <paramref name="resultId"/> completed, in the caller's unit of work.</summary>
    public static async Task CompleteAsync(PaymentsDbContext db, string resultId, CancellationToken cancellationToken)
    {
        if (await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.ResultId == resultId, cancellationToken) is { } record)
        {
            record.Completed = true;
        }
    }

    /// <summary>Removes an expired record so its key can be used afresh.</summary>
    private async Task ForgetExpiredAsync(string callerId, string key, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var now = timeProvider.GetUtcNow();
        await lease.Db.QueuedWriteAsync(token => lease.Db.IdempotencyRecords
            .Where(r => r.CallerId == callerId && r.Key == key && r.ExpireTime <= now)
            .ExecuteDeleteAsync(token), cancellationToken);
    }
}
