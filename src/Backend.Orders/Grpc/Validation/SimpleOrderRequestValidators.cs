using Backend.Orders.V1;
using Backend.Platform.Validation;

namespace Backend.Orders.Grpc;

internal sealed class GetOrderRequestValidator : IRequestValidator<GetOrderRequest>
{
    public void Validate(GetOrderRequest request, ValidationErrors errors) => errors.RequireId("order_id", request.OrderId);
}

internal sealed class ListOrdersRequestValidator : IRequestValidator<ListOrdersRequest>
{
    public void Validate(ListOrdersRequest request, ValidationErrors errors)
    {
        errors.Require(request.UserId.Length <= OrderFieldRules.MaxIdLength, "user_id", $"must be at most {OrderFieldRules.MaxIdLength} characters");
        errors.Require(request.PageSize >= 0, "page_size", "must not be negative");
    }
}

internal sealed class CancelOrderRequestValidator : IRequestValidator<CancelOrderRequest>
{
    public void Validate(CancelOrderRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        OrderFieldRules.Text(errors, "reason", request.Reason, 500);
    }
}

internal sealed class UpdateOrderStatusRequestValidator : IRequestValidator<UpdateOrderStatusRequest>
{
    public void Validate(UpdateOrderStatusRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        errors.Require(request.Status is OrderStatus.Shipped or OrderStatus.Delivered, "status",
            "must be ORDER_STATUS_SHIPPED or ORDER_STATUS_DELIVERED; payment, cancellation and refund have RPCs of their own");
        errors.Require(request.Etag.Length <= OrderFieldRules.MaxIdLength, "etag", "is not an etag of this service");
    }
}

internal sealed class MarkOrderPaidRequestValidator : IRequestValidator<MarkOrderPaidRequest>
{
    public void Validate(MarkOrderPaidRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        errors.RequireWellFormedId("payment_id", request.PaymentId);
    }
}

internal sealed class MarkOrderRefundedRequestValidator : IRequestValidator<MarkOrderRefundedRequest>
{
    public void Validate(MarkOrderRefundedRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        errors.RequireWellFormedId("payment_id", request.PaymentId);
        if (request.RefundedAmount is not null)
        {
            var before = errors.Violations.Count;
            MoneyRules.Check(errors, "refunded_amount", request.RefundedAmount);
            errors.Require(errors.Violations.Count > before || request.RefundedAmount is not { Units: 0, Nanos: 0 }, "refunded_amount", "must be more than zero");
        }
    }
}

internal sealed class SetPriceRequestValidator : IRequestValidator<SetPriceRequest>
{
    public void Validate(SetPriceRequest request, ValidationErrors errors)
    {
        errors.Require(request.Sku.Length is > 0 and <= CreateOrderRequestValidator.MaxSkuLength && !request.Sku.Any(char.IsControl),
            "sku", $"must be 1 to {CreateOrderRequestValidator.MaxSkuLength} characters without control characters");
        MoneyRules.Check(errors, "unit_price", request.UnitPrice);
    }
}

internal sealed class ListPricesRequestValidator : IRequestValidator<ListPricesRequest>
{
    public void Validate(ListPricesRequest request, ValidationErrors errors) =>
        errors.Require(request.PageSize >= 0, "page_size", "must not be negative");
}

internal sealed class WatchOrderRequestValidator : IRequestValidator<WatchOrderRequest>
{
    public void Validate(WatchOrderRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        errors.Require(request.AfterRevision >= 0, "after_revision", "must not be negative");
    }
}

internal sealed class WatchOrdersRequestValidator : IRequestValidator<WatchOrdersRequest>
{
    public void Validate(WatchOrdersRequest request, ValidationErrors errors) =>
        errors.Require(request.UserId.Length <= OrderFieldRules.MaxIdLength, "user_id", $"must be at most {OrderFieldRules.MaxIdLength} characters");
}

internal sealed class WatchOrderChangesRequestValidator : IRequestValidator<WatchOrderChangesRequest>
{
    public void Validate(WatchOrderChangesRequest request, ValidationErrors errors)
    {
        errors.Require(Feed.FeedCursor.TryDecode(request.AfterCursor, out _), "after_cursor",
            "is not a cursor of this feed; pass the cursor of a response unchanged, or leave it empty");
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            errors.Require(request.Statuses[i] is not OrderStatus.Unspecified && Enum.IsDefined(request.Statuses[i]), $"statuses[{i}]", "must be a status of an order");
        }

        errors.Require(request.UserId.Length <= OrderFieldRules.MaxIdLength, "user_id", $"must be at most {OrderFieldRules.MaxIdLength} characters");
    }
}
