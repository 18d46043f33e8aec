using Backend.Orders.V1;
using Backend.Platform.Validation;

namespace Backend.Orders.Grpc;

internal sealed class CreateOrderRequestValidator : IRequestValidator<CreateOrderRequest>
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;
    public const int MaxSkuLength = 64;

    // Every CreateOrder passes through here: field names and descriptions are built only for a
    // violation, not for every item of every valid request.
    public void Validate(CreateOrderRequest request, ValidationErrors errors)
    {
        errors.RequireWellFormedId("user_id", request.UserId);
        if (request.RequestId.Length > OrderFieldRules.MaxIdLength || HasControl(request.RequestId))
        {
            errors.Add("request_id", $"must be at most {OrderFieldRules.MaxIdLength} characters without control characters");
        }

        if (request.Items.Count is 0 or > MaxItems)
        {
            errors.Add("items", $"must hold 1 to {MaxItems} items");
            if (request.Items.Count > MaxItems)
            {
                return;
            }
        }

        // Prices may be left out (the listed ones are used); those given share one currency.
        string? currency = null;
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (item.Sku.Length is 0 or > MaxSkuLength || HasControl(item.Sku))
            {
                errors.Add($"items[{i}].sku", $"must be 1 to {MaxSkuLength} characters without control characters");
            }

            if (item.Quantity is < 1 or > MaxQuantity)
            {
                errors.Add($"items[{i}].quantity", $"must be 1 to {MaxQuantity}");
            }

            if (item.UnitPrice is null)
            {
                continue;
            }

            MoneyRules.Check(errors, $"items[{i}].unit_price", item.UnitPrice);
            currency ??= item.UnitPrice.CurrencyCode;
            if (item.UnitPrice.CurrencyCode != currency)
            {
                errors.Add($"items[{i}].unit_price.currency_code", $"must be {currency}, like the first priced item: one currency per order");
            }
        }
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
