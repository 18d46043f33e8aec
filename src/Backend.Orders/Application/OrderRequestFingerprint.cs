using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Backend.Platform.Domain;

namespace Backend.Orders.Application;

/// <summary>
/// What makes two CreateOrder requests the same request: the user and the items, in order.
/// A retry with the same request id must match it; anything else reusing the id is refused.
/// </summary>
internal static class OrderRequestFingerprint
{
    public static string Of(string userId, IReadOnlyList<NewLineItem> items)
    {
        var text = new StringBuilder(userId);
        foreach (var item in items)
        {
            text.Append('\n').Append(item.Sku).Append('\t')
                .Append(item.Quantity.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Price(item.UnitPrice));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // The form fingerprints stored before prices could be left out, so retries across an upgrade still match.
    private static string Price(Money? price) => price is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"{p.CurrencyCode}\t{p.Units}.{p.NanoPart}")
        : "listed";
}
