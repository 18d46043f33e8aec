using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Backend.Platform.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Backend.Orders.Application;

/// <summary>
/// The prices the company lists, and the prices of a new order's lines by <see cref="PriceRules"/>.
/// New orders take listed prices from a <see cref="ListedPriceCache"/>: reading the list cost
/// every order a query (docs/decisions/0017-listed-prices-in-memory.md).
/// </summary>
internal sealed class PriceList(ServiceDatabase<OrdersDbContext> database, TimeProvider timeProvider, IOptions<PriceOptions> options) : IDisposable
{
    private readonly ListedPriceCache _cache = new(timeProvider, options.Value.PriceCacheLifetime);

    public async Task<ListedPrice> SetAsync(string sku, Money unitPrice, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var lease = database.Open();
            var price = await lease.Db.Prices.FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
            if (price is null)
            {
                price = new ListedPrice { Sku = sku, CurrencyCode = unitPrice.CurrencyCode };
                lease.Db.Prices.Add(price);
            }

            price.UnitPrice = unitPrice;
            price.UpdateTime = timeProvider.Now();
            try
            {
                await lease.Db.SaveChangesAsync(cancellationToken);
                _cache.Forget();
                return price;
            }
            catch (DbUpdateException error) when (error.IsUniqueViolation() && attempt < 3)
            {
                // A concurrent first SetPrice of the same SKU: update the row it made.
            }
        }
    }

    public void Dispose() => _cache.Dispose();

    public async Task<(IReadOnlyList<ListedPrice> Prices, string NextPageToken)> ListAsync(int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        const string query = "prices";
        var size = PageToken.Size(pageSize);
        var after = PageToken.Decode(pageToken, query);
        await using var lease = database.Open();
        var prices = lease.Db.Prices.AsNoTracking();
        if (after is not null)
        {
            prices = prices.Where(p => string.Compare(p.Sku, after) > 0);
        }

        var page = await prices.OrderBy(p => p.Sku).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageToken.Encode(query, page[size - 1].Sku) : "";
        return (page.Take(size).ToList(), next);
    }

    /// <summary>The unit price of each line, all in one currency; the list is read only when a line needs it.</summary>
    public async Task<IReadOnlyList<Money>> PriceAsync(IReadOnlyList<NewLineItem> items, bool mayQuote, CancellationToken cancellationToken)
    {
        var listed = await ListedAsync(items, mayQuote, cancellationToken);
        var prices = new Money[items.Count];
        for (var n = 0; n < items.Count; n++)
        {
            var item = items[n];
            prices[n] = PriceRules.UnitPrice(n, item.Sku, item.UnitPrice, listed.TryGetValue(item.Sku, out var price) ? price : null, mayQuote);
        }

        if (Array.Exists(prices, p => p.CurrencyCode != prices[0].CurrencyCode))
        {
            throw DomainException.Invalid("items", "must all be priced in one currency; the prices of these items are in several");
        }

        return prices;
    }

    /// <summary>
    /// The listed prices the lines need, from the cache where it has them. A price the caller
    /// gave that differs from the cached one is read again, so that a PRICE_MISMATCH always names
    /// the price listed now; an unknown SKU is always looked up.
    /// </summary>
    private async Task<Dictionary<string, Money>> ListedAsync(IReadOnlyList<NewLineItem> items, bool mayQuote, CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, Money>(StringComparer.Ordinal);
        List<string>? unread = null;
        foreach (var item in items)
        {
            if ((mayQuote && item.UnitPrice is not null) || unread?.Contains(item.Sku) == true)
            {
                continue;
            }

            var known = listed.TryGetValue(item.Sku, out var cached) || _cache.TryGet(item.Sku, out cached);
            if (known && (item.UnitPrice is not { } asked || asked == cached))
            {
                listed[item.Sku] = cached;
            }
            else
            {
                listed.Remove(item.Sku);
                (unread ??= []).Add(item.Sku);
            }
        }

        if (unread is null)
        {
            return listed;
        }

        var ticket = _cache.Begin();
        var read = new Dictionary<string, Money>(StringComparer.Ordinal);
        await using (var lease = database.Open())
        {
            foreach (var price in await lease.Db.Prices.AsNoTracking().Where(p => unread.Contains(p.Sku)).ToListAsync(cancellationToken))
            {
                read[price.Sku] = price.UnitPrice;
            }
        }

        _cache.Keep(ticket, read);
        foreach (var (sku, price) in read)
        {
            listed[sku] = price;
        }

        return listed;
    }
}
