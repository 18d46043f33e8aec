using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Payments;

/// <summary>
/// The grouped writes of the payment service: a caller is answered only once its changes are
/// committed, and a group with one failing member still answers every caller with its own outcome.
/// </summary>
public sealed class PaymentWriterTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WriteAsync_BeforeItsGroupCommits_IsNotAnsweredAndNothingIsStored()
    {
        var writer = Writer();
        using var gate = new ManualResetEventSlim();
        var blocker = writer.WriteAsync(db => { gate.Wait(TimeSpan.FromSeconds(30)); db.IdempotencyRecords.Add(Record("blocker")); }, CancellationToken.None);
        var waiting = writer.WriteAsync(db => db.IdempotencyRecords.Add(Record("waiting")), CancellationToken.None);

        await Task.Delay(200);
        var answeredEarly = waiting.IsCompleted;
        var storedEarly = await StoredKeysAsync();
        gate.Set();
        await Task.WhenAll(blocker, waiting);

        Assert.False(answeredEarly);
        Assert.DoesNotContain("waiting", storedEarly);
        Assert.Contains("waiting", await StoredKeysAsync());
    }

    [Fact]
    public async Task WriteAsync_GroupWithTakenKey_OnlyThatCallerFailsAndTheOthersAreStored()
    {
        var writer = Writer();
        await writer.WriteAsync(db => db.IdempotencyRecords.Add(Record("taken")), CancellationToken.None);
        using var gate = new ManualResetEventSlim();
        // Holds the writer, so that every write after it lands in one group.
        var blocker = writer.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var fresh = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(db => db.IdempotencyRecords.Add(Record($"fresh-{i}")), CancellationToken.None)).ToList();
        var duplicate = writer.WriteAsync(db => db.IdempotencyRecords.Add(Record("taken")), CancellationToken.None);
        var after = writer.WriteAsync(db => db.IdempotencyRecords.Add(Record("after")), CancellationToken.None);

        gate.Set();
        await blocker;
        var error = await Assert.ThrowsAnyAsync<DbUpdateException>(() => duplicate);

        Assert.True(error.IsUniqueViolation());
        await Task.WhenAll(fresh.Append(after));
        var stored = await StoredKeysAsync();
        Assert.All(Enumerable.Range(0, 20), i => Assert.Contains($"fresh-{i}", stored));
        Assert.Contains("after", stored);
        Assert.Single(stored, key => key == "taken");
    }

    [Fact]
    public async Task WriteAsync_GroupWithStalePaymentVersion_OnlyThatCallerFails()
    {
        var writer = Writer();
        var stale = NewPayment();
        var other = NewPayment();
        await writer.WriteAsync(db => { db.Payments.Add(stale); db.Payments.Add(other); }, CancellationToken.None);
        using var gate = new ManualResetEventSlim();
        var blocker = writer.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var staleWrite = writer.WriteAsync(db => AttachCompleted(db, stale, storedVersion: stale.Version + 5), CancellationToken.None);
        var storedVersion = other.Version;
        other.Complete(succeeded: true, "", DateTimeOffset.UtcNow);
        var goodWrite = writer.WriteAsync(db => AttachCompleted(db, other, storedVersion), CancellationToken.None);

        gate.Set();
        await blocker;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => staleWrite);
        await goodWrite;
        await using var lease = _factory.Services.GetRequiredService<ServiceDatabase<PaymentsDbContext>>().Open();
        Assert.Equal(PaymentStatus.Succeeded, (await lease.Db.Payments.AsNoTracking().SingleAsync(p => p.Id == other.Id)).Status);
        Assert.Equal(PaymentStatus.Pending, (await lease.Db.Payments.AsNoTracking().SingleAsync(p => p.Id == stale.Id)).Status);
    }

    private static void AttachCompleted(PaymentsDbContext db, Payment payment, long storedVersion)
    {
        var entry = db.Entry(payment);
        entry.State = EntityState.Modified;
        entry.Property(p => p.Version).OriginalValue = storedVersion;
    }

    private PaymentWriter Writer()
    {
        _ = _factory.Server;
        return _factory.Services.GetRequiredService<PaymentWriter>();
    }

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var lease = _factory.Services.GetRequiredService<ServiceDatabase<PaymentsDbContext>>().Open();
        return await lease.Db.IdempotencyRecords.AsNoTracking().Where(r => r.CallerId == "writer-test").Select(r => r.Key).ToListAsync();
    }

    private static IdempotencyRecord Record(string key) => new()
    {
        CallerId = "writer-test",
        Key = key,
        Fingerprint = "f",
        ResultId = Guid.NewGuid().ToString("N"),
        CreateTime = DateTimeOffset.UtcNow,
        ExpireTime = DateTimeOffset.UtcNow.AddDays(1),
    };

    private static Payment NewPayment() => Payment.Start(
        Guid.NewGuid().ToString("N"), "order-" + Guid.NewGuid().ToString("N"), "writer-test", Backend.Platform.Domain.Money.FromParts("EUR", 10, 0), "pm_card_visa", DateTimeOffset.UtcNow);
}
