using Backend.Platform.Data;

namespace Backend.Payments.Data;

/// <summary>
/// Commits the payment service's hot writes in groups (<see cref="GroupCommit{TWrite}"/>):
/// whatever concurrent callers stage while one transaction commits goes into the next, so a
/// burst of charges costs one commit per group rather than one per write. Each caller is
/// answered only once the transaction holding its changes has committed; when a group fails (a
/// unique key taken, a stale version), its writes are committed one by one, so each caller gets
/// the answer its own changes deserve (docs/decisions/0016-grouped-payment-writes.md).
/// </summary>
internal sealed class PaymentWriter : IAsyncDisposable
{
    private readonly ServiceDatabase<PaymentsDbContext> _database;
    private readonly GroupCommit<Action<PaymentsDbContext>> _commits;

    public PaymentWriter(ServiceDatabase<PaymentsDbContext> database)
    {
        _database = database;
        _commits = new GroupCommit<Action<PaymentsDbContext>>(SaveAsync);
    }

    /// <summary>
    /// Completes once the changes <paramref name="stage"/> puts on a context are committed, or
    /// fails with what committing them alone failed with. <paramref name="stage"/> runs on the
    /// writer, once per attempt and each time on a fresh context, so it must stage the same
    /// changes every time (create what is inserted anew, attach what is updated).
    /// </summary>
    public Task WriteAsync(Action<PaymentsDbContext> stage, CancellationToken cancellationToken) =>
        _commits.WriteAsync(stage, cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private async Task SaveAsync(IReadOnlyList<Action<PaymentsDbContext>> group)
    {
        await using var lease = _database.Open();
        foreach (var stage in group)
        {
            stage(lease.Db);
        }

        await lease.Db.SaveChangesAsync(CancellationToken.None);
    }
}
