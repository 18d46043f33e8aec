using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
                .Append(item.CurrencyCode).Append('\t')
                .Append(item.UnitPriceUnits.ToString(CultureInfo.InvariantCulture)).Append('.')
                .Append(item.UnitPriceNanos.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
