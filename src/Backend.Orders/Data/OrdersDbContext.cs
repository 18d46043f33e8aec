using System.Runtime.CompilerServices;
using System.Text.Json;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Backend.Orders.Data;

/// <summary>
/// The order service's own database: orders with their items, the append-only event log, and
/// the price list.
/// One subclass per provider carries that provider's migrations; the model is the same.
/// </summary>
internal abstract class OrdersDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderEvent> Events => Set<OrderEvent>();

    public DbSet<ListedPrice> Prices => Set<ListedPrice>();

    public DbSet<OrderChange> Changes => Set<OrderChange>();

    public DbSet<FeedHorizon> FeedHorizon => Set<FeedHorizon>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var order = modelBuilder.Entity<Order>();
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Id).HasMaxLength(32);
        order.Property(o => o.UserId).HasMaxLength(64);
        order.Property(o => o.CurrencyCode).HasMaxLength(3);
        order.Property(o => o.Status).HasConversion<int>();
        order.Property(o => o.Revision).IsConcurrencyToken();
        order.Property(o => o.PaymentId).HasMaxLength(64);
        order.Property(o => o.CancelReason).HasMaxLength(500);
        order.Property(o => o.RequestId).HasMaxLength(64);
        order.Property(o => o.RequestFingerprint).HasMaxLength(64);
        order.Ignore(o => o.Total);
        order.Ignore(o => o.Refunded);
        order.Ignore(o => o.Etag);
        // Newest first per user: ids are time-ordered.
        order.HasIndex(o => new { o.UserId, o.Id });
        // A request id makes retries safe; the unique index makes that hold under concurrency.
        order.HasIndex(o => new { o.UserId, o.RequestId }).IsUnique().HasFilter("\"RequestId\" <> ''").HasDatabaseName("IX_orders_request");
        // The items are part of the order's row, as a JSON array: an order is read and written
        // whole, so one row without a join is all a read or a write touches. They are a value of
        // the order (never changed once placed).
        order.Property(o => o.Items).HasColumnName("Items").IsRequired(false).HasConversion(
            items => OrderItemsColumn.Write(items),
            json => OrderItemsColumn.Read(json),
            new ValueComparer<IReadOnlyList<LineItem>>((a, b) => ReferenceEquals(a, b), items => RuntimeHelpers.GetHashCode(items), items => items));

        var orderEvent = modelBuilder.Entity<OrderEvent>();
        orderEvent.ToTable("order_events");
        orderEvent.HasKey(e => new { e.OrderId, e.Revision });
        orderEvent.Property(e => e.OrderId).HasMaxLength(32);
        orderEvent.Property(e => e.UserId).HasMaxLength(64);
        orderEvent.Property(e => e.Status).HasConversion<int>();
        orderEvent.Property(e => e.PreviousStatus).HasConversion<int>();
        orderEvent.Property(e => e.Snapshot).HasConversion(
            s => JsonSerializer.Serialize(s, SnapshotJson),
            s => JsonSerializer.Deserialize<OrderSnapshot>(s, SnapshotJson)!);
        orderEvent.Ignore(e => e.IsTerminal);

        var change = modelBuilder.Entity<OrderChange>();
        change.ToTable("order_changes");
        change.HasKey(c => c.Id);
        change.Property(c => c.Id).ValueGeneratedOnAdd();
        change.Property(c => c.OrderId).HasMaxLength(32);
        change.Property(c => c.UserId).HasMaxLength(64);
        change.Property(c => c.Status).HasConversion<int>();
        // The feed's order, and one user's part of it.
        change.HasIndex(c => new { c.Xid, c.Id });
        change.HasIndex(c => new { c.UserId, c.Xid, c.Id });

        var horizon = modelBuilder.Entity<FeedHorizon>();
        horizon.ToTable("order_feed_horizon");
        horizon.HasKey(h => h.Id);
        horizon.Property(h => h.Id).ValueGeneratedNever();
        horizon.HasData(new FeedHorizon());

        var price = modelBuilder.Entity<ListedPrice>();
        price.ToTable("prices");
        price.HasKey(p => p.Sku);
        price.Property(p => p.Sku).HasMaxLength(64);
        price.Property(p => p.CurrencyCode).HasMaxLength(3);
        price.Ignore(p => p.UnitPrice);
    }
}
