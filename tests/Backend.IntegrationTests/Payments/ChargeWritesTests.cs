using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Payments;

/// <summary>
/// A charge's rows as the writer's own statements store them: read back through EF Core they are
/// what the charge holds (timestamps to the microsecond, on either provider), and a taken key or a
/// stale version fails only the caller it belongs to, as SaveChanges reported them.
/// </summary>
public sealed class ChargeWritesTests : IAsyncLifetime
{
    // Tomorrow, to the microsecond: charge recovery finishes payments left pending for a while
    // (CreateTime before now less Payments:RecoverAfter), and must not take these for its own.
    private static readonly DateTimeOffset Started = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero).AddHours(12).AddTicks(1_234_560);
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task StartChargeAsync_NewPayment_StoresThePaymentAndItsRecordAsHeld()
    {
        var payment = NewPayment();
        var record = Record(payment.Id);

        await Writer().StartChargeAsync(payment, record, CancellationToken.None);

        await using var lease = Database().Open();
        var stored = await lease.Db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id);
        Assert.Equivalent(payment, stored, strict: true);
        var storedRecord = await lease.Db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.ResultId == payment.Id);
        Assert.Equivalent(record, storedRecord, strict: true);
    }

    [Fact]
    public async Task FinishChargeAsync_Succeeded_StoresOutcomeCompletedRecordAndHandOverWithItsId()
    {
        var (writer, payment, record) = await StartedAsync();
        var storedVersion = payment.Version;
        var handOver = Succeeded(payment);
        record.Completed = true;

        await writer.FinishChargeAsync(payment, storedVersion, record, handOver, CancellationToken.None);

        await using var lease = Database().Open();
        Assert.Equivalent(payment, await lease.Db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id), strict: true);
        Assert.True((await lease.Db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.ResultId == payment.Id)).Completed);
        Assert.NotEqual(0, handOver.Id);
        Assert.Equivalent(handOver, await lease.Db.Outbox.AsNoTracking().SingleAsync(m => m.Id == handOver.Id), strict: true);
    }

    [Fact]
    public async Task MarkDeliveredAsync_LeasedHandOver_StoresTheDeliveryAndFreesTheLease()
    {
        var (writer, payment, record) = await StartedAsync();
        var storedVersion = payment.Version;
        var handOver = Succeeded(payment);
        await writer.FinishChargeAsync(payment, storedVersion, record, handOver, CancellationToken.None);
        (handOver.LeaseOwner, handOver.LeaseExpireTime, handOver.DeliverTime) = (null, null, Started.AddSeconds(2));

        await writer.MarkDeliveredAsync(handOver, CancellationToken.None);

        await using var lease = Database().Open();
        var stored = await lease.Db.Outbox.AsNoTracking().SingleAsync(m => m.Id == handOver.Id);
        Assert.Equal(Started.AddSeconds(2), stored.DeliverTime);
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseExpireTime);
    }

    [Fact]
    public async Task FinishChargeAsync_GroupWithStaleVersionAndTakenKey_OnlyThoseCallersFail()
    {
        var writer = Writer();
        var taken = NewPayment();
        var stale = NewPayment();
        await writer.StartChargeAsync(taken, Record(taken.Id, "taken"), CancellationToken.None);
        await writer.StartChargeAsync(stale, Record(stale.Id), CancellationToken.None);
        using var gate = new ManualResetEventSlim();
        // Holds the writer, so that every write after it lands in one group.
        var blocker = writer.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var fresh = Enumerable.Range(0, 10).Select(_ => NewPayment()).ToList();
        var freshWrites = fresh.Select(p => writer.StartChargeAsync(p, Record(p.Id), CancellationToken.None)).ToList();
        var duplicate = NewPayment();
        var duplicateWrite = writer.StartChargeAsync(duplicate, Record(duplicate.Id, "taken"), CancellationToken.None);
        stale.Complete(succeeded: true, "", Started.AddSeconds(1));
        var staleWrite = writer.FinishChargeAsync(stale, storedVersion: stale.Version + 5, Record(stale.Id), null, CancellationToken.None);

        gate.Set();
        await blocker;

        Assert.True((await Assert.ThrowsAnyAsync<DbUpdateException>(() => duplicateWrite)).IsUniqueViolation());
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => staleWrite);
        await Task.WhenAll(freshWrites);
        await using var lease = Database().Open();
        var ids = fresh.Select(p => p.Id).Append(duplicate.Id).ToList();
        var stored = await lease.Db.Payments.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync();
        Assert.Equal(fresh.Select(p => p.Id).Order(), stored.Order());
        Assert.Equal(PaymentStatus.Pending, (await lease.Db.Payments.AsNoTracking().SingleAsync(p => p.Id == stale.Id)).Status);
    }

    private PaymentWriter Writer()
    {
        _ = _factory.Server;
        return _factory.Services.GetRequiredService<PaymentWriter>();
    }

    private ServiceDatabase<PaymentsDbContext> Database() => _factory.Services.GetRequiredService<ServiceDatabase<PaymentsDbContext>>();

    private static IdempotencyRecord Record(string paymentId, string? key = null) => new()
    {
        CallerId = "charge-writes-test",
        Key = key ?? paymentId,
        Fingerprint = "f",
        ResultId = paymentId,
        CreateTime = Started,
        ExpireTime = Started.AddDays(1),
    };

    /// <summary>A new payment and its record, recorded as pending by the writer.</summary>
    private async Task<(PaymentWriter Writer, Payment Payment, IdempotencyRecord Record)> StartedAsync()
    {
        var payment = NewPayment();
        var record = Record(payment.Id);
        var writer = Writer();
        await writer.StartChargeAsync(payment, record, CancellationToken.None);
        return (writer, payment, record);
    }

    /// <summary>Completes the payment as succeeded; gives its hand-over, leased to this test.</summary>
    private static OutboxMessage Succeeded(Payment payment)
    {
        payment.Complete(succeeded: true, "", Started.AddSeconds(1));
        var handOver = OutboxMessage.For(OutboxKind.Paid, payment, Started.AddSeconds(1));
        handOver.LeaseOwner = "writer-test";
        handOver.LeaseExpireTime = Started.AddMinutes(1);
        return handOver;
    }

    private static Payment NewPayment() => Payment.Start(
        Guid.NewGuid().ToString("N"), "order-" + Guid.NewGuid().ToString("N"), "charge-writes-test", Money.FromParts("EUR", 10, 500_000_000), "pm_card_visa", Started);
}
