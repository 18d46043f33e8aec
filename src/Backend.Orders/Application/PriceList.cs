using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Backend.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Application;

/// <summary>The prices the company lists, and the prices of a new order's lines by <see cref="PriceRules"/>.</summary>
internal sealed class PriceList(ServiceDatabase<OrdersDbContext> database, TimeProvider timeProvider)
{
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
                return price;
            }
            catch (DbUpdateException error) when (error.IsUniqueViolation() && attempt < 3)
            {
                // A concurrent first SetPrice of the same SKU: update the row it made.
            }
        }
    }

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
        var listed = new Dictionary<string, Money>(StringComparer.Ordinal);
        if (!mayQuote || items.Any(i => i.UnitPrice is null))
        {
            var skus = items.Select(i => i.Sku).Distinct().ToList();
            await using var lease = database.Open();
            foreach (var price in await lease.Db.Prices.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToListAsync(cancellationToken))
            {
                listed[price.Sku] = price.UnitPrice;
            }
        }

        var prices = items
            .Select((item, n) => PriceRules.UnitPrice(n, item.Sku, item.UnitPrice, listed.TryGetValue(item.Sku, out var price) ? price : null, mayQuote))
            .ToList();
        if (prices.Any(p => p.CurrencyCode != prices[0].CurrencyCode))
        {
            throw DomainException.Invalid("items", "must all be priced in one currency; the prices of these items are in several");
        }

        return prices;
    }
}
