using Backend.Platform.Domain;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Primitives;

namespace Backend.Orders.Application;

/// <summary>
/// Listed prices as last read from the database, each served for <c>lifetime</c> from the moment
/// before it was read. Only prices the list holds are kept (an unknown SKU is looked up every
/// time), so the cache never outgrows the price list. Every read is tied to the current
/// <see cref="Begin"/> token, which SetPrice cancels once its price has committed: all that was
/// read before then expires, also a read still running, which may have seen the old price.
/// </summary>
internal sealed class ListedPriceCache : IDisposable
{
    private readonly MemoryCache _prices;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();
    private CancellationTokenSource _reads = new();

    public ListedPriceCache(TimeProvider timeProvider, TimeSpan lifetime)
    {
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _prices = new MemoryCache(new MemoryCacheOptions { Clock = new Clock(timeProvider) });
    }

    /// <summary>Taken before reading the list, and given to <see cref="Keep"/> with what was read.</summary>
    public Ticket Begin()
    {
        lock (_gate)
        {
            return new Ticket(_timeProvider.GetUtcNow(), _reads.Token);
        }
    }

    public bool TryGet(string sku, out Money price) => _prices.TryGetValue(sku, out price);

    public void Keep(Ticket ticket, IReadOnlyDictionary<string, Money> read)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var (sku, price) in read)
        {
            // Already expired or already forgotten: the cache does not take it.
            using var entry = _prices.CreateEntry(sku);
            entry.Value = price;
            entry.AbsoluteExpiration = ticket.ReadAt + _lifetime;
            entry.ExpirationTokens.Add(new CancellationChangeToken(ticket.Forgotten));
        }
    }

    /// <summary>Forgets every price read so far, once a new price has committed, so that the next order reads it.</summary>
    public void Forget()
    {
        CancellationTokenSource forgotten;
        lock (_gate)
        {
            forgotten = _reads;
            _reads = new CancellationTokenSource();
        }

        forgotten.Cancel();
    }

    public void Dispose()
    {
        _prices.Dispose();
        lock (_gate)
        {
            _reads.Dispose();
        }
    }

    public readonly record struct Ticket(DateTimeOffset ReadAt, CancellationToken Forgotten);

    private sealed class Clock(TimeProvider timeProvider) : ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
