using System.Collections.Concurrent;
using Backend.Platform.Domain;

namespace Backend.Orders.Application;

/// <summary>
/// Listed prices as last read from the database, each served for <c>lifetime</c> from the moment
/// before it was read. Only prices the list holds are kept (an unknown SKU is looked up every
/// time), so the cache never outgrows the price list. A price forgotten after SetPrice is not put
/// back by a read that began before it was forgotten: such a read may have seen the old price.
/// </summary>
internal sealed class ListedPriceCache(TimeProvider timeProvider, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>Taken before reading the list; <see cref="Keep"/> keeps what was read only if nothing was forgotten meanwhile.</summary>
    public Ticket Begin()
    {
        lock (_gate)
        {
            return new Ticket(_generation, timeProvider.GetTimestamp());
        }
    }

    public bool TryGet(string sku, out Money price)
    {
        if (_entries.TryGetValue(sku, out var entry) && timeProvider.GetElapsedTime(entry.ReadAt) < lifetime)
        {
            price = entry.Price;
            return true;
        }

        price = default;
        return false;
    }

    public void Keep(Ticket ticket, IReadOnlyDictionary<string, Money> read)
    {
        if (lifetime <= TimeSpan.Zero || read.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (ticket.Generation != _generation)
            {
                return;
            }

            foreach (var (sku, price) in read)
            {
                _entries[sku] = new Entry(price, ticket.ReadAt);
            }
        }
    }

    /// <summary>Drops the SKU's price, once its new price has committed, so that the next order reads it.</summary>
    public void Forget(string sku)
    {
        lock (_gate)
        {
            _generation++;
            _entries.TryRemove(sku, out _);
        }
    }

    public readonly record struct Ticket(long Generation, long ReadAt);

    private sealed record Entry(Money Price, long ReadAt);
}
