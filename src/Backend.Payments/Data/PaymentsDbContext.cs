using Backend.Payments.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Backend.Payments.Data;

/// <summary>
/// The payment service's own database: payments, refunds, idempotency records and the outbox.
/// One subclass per provider carries that provider's migrations; the model is the same.
/// </summary>
internal abstract class PaymentsDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var payment = modelBuilder.Entity<Payment>();
        payment.ToTable("payments");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.Id).HasMaxLength(32);
        payment.Property(p => p.OrderId).HasMaxLength(64);
        payment.Property(p => p.UserId).HasMaxLength(64);
        payment.Property(p => p.CurrencyCode).HasMaxLength(3);
        payment.Property(p => p.Status).HasConversion<int>();
        payment.Property(p => p.FailureReason).HasMaxLength(64);
        payment.Property(p => p.PaymentMethod).HasMaxLength(255);
        payment.Property(p => p.Version).IsConcurrencyToken();
        payment.Ignore(p => p.Amount);
        payment.Ignore(p => p.Refunded);
        payment.Ignore(p => p.Refundable);
        payment.Ignore(p => p.IsRefundable);
        payment.HasIndex(p => new { p.OrderId, p.Id });
        // At most one payment per order that is not a failure: two concurrent charges of one
        // order cannot both go ahead, whatever their idempotency keys.
        payment.HasIndex(p => p.OrderId).IsUnique()
            .HasFilter($"\"Status\" <> {(int)PaymentStatus.Failed}").HasDatabaseName("IX_payments_one_live_per_order");

        var refund = modelBuilder.Entity<Refund>();
        refund.ToTable("refunds");
        refund.HasKey(r => r.Id);
        refund.Property(r => r.Id).HasMaxLength(32);
        refund.Property(r => r.PaymentId).HasMaxLength(32);
        refund.Property(r => r.CurrencyCode).HasMaxLength(3);
        refund.Property(r => r.Reason).HasMaxLength(500);
        refund.Ignore(r => r.Amount);
        refund.HasIndex(r => r.PaymentId);

        var record = modelBuilder.Entity<IdempotencyRecord>();
        record.ToTable("idempotency_records");
        record.HasKey(r => new { r.CallerId, r.Key });
        record.Property(r => r.CallerId).HasMaxLength(64);
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.Fingerprint).HasMaxLength(64);
        record.Property(r => r.ResultId).HasMaxLength(32);
        record.HasIndex(r => r.ExpireTime);
        record.HasIndex(r => r.ResultId);

        var message = modelBuilder.Entity<OutboxMessage>();
        message.ToTable("outbox");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).ValueGeneratedOnAdd();
        message.Property(m => m.Kind).HasConversion<int>();
        message.Property(m => m.OrderId).HasMaxLength(64);
        message.Property(m => m.PaymentId).HasMaxLength(32);
        message.Property(m => m.LeaseOwner).HasMaxLength(64);
        message.Property(m => m.LastError).HasMaxLength(500);
        message.HasIndex(m => new { m.DeliverTime, m.NextAttemptTime });
    }
}
