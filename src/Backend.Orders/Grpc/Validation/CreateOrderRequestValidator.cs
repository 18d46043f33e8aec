using Backend.Orders.V1;
using Backend.Platform.Validation;

namespace Backend.Orders.Grpc;

internal sealed class CreateOrderRequestValidator : IRequestValidator<CreateOrderRequest>
{
    public const int MaxItems = 100;
    public const int MaxQuantity = 1000;
    public const int MaxSkuLength = 64;

    public void Validate(CreateOrderRequest request, ValidationErrors errors)
    {
        errors.RequireWellFormedId("user_id", request.UserId);
        errors.Require(request.RequestId.Length <= OrderFieldRules.MaxIdLength && !request.RequestId.Any(char.IsControl),
            "request_id", $"must be at most {OrderFieldRules.MaxIdLength} characters without control characters");
        if (request.Items.Count is 0 or > MaxItems)
        {
            errors.Add("items", $"must hold 1 to {MaxItems} items");
            if (request.Items.Count > MaxItems)
            {
                return;
            }
        }

        // Prices may be left out (the listed ones are used); those given share one currency.
        var currency = request.Items.FirstOrDefault(i => i.UnitPrice is not null)?.UnitPrice.CurrencyCode;
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var field = $"items[{i}]";
            errors.Require(item.Sku.Length is > 0 and <= MaxSkuLength && !item.Sku.Any(char.IsControl),
                field + ".sku", $"must be 1 to {MaxSkuLength} characters without control characters");
            errors.Require(item.Quantity is >= 1 and <= MaxQuantity, field + ".quantity", $"must be 1 to {MaxQuantity}");
            if (item.UnitPrice is null)
            {
                continue;
            }

            MoneyRules.Check(errors, field + ".unit_price", item.UnitPrice);
            if (item.UnitPrice.CurrencyCode != currency)
            {
                errors.Add(field + ".unit_price.currency_code", $"must be {currency}, like the first priced item: one currency per order");
            }
        }
    }
}
