using Backend.Payments.V1;
using Backend.Platform.Validation;

namespace Backend.Payments.Grpc;

internal static class PaymentFieldRules
{
    public const int MaxKeyLength = 255;

    public static void Key(ValidationErrors errors, string field, string value) =>
        errors.Require(value.Length is > 0 and <= MaxKeyLength && !value.Any(char.IsControl), field,
            $"must be 1 to {MaxKeyLength} characters without control characters");

    public static void PositiveAmount(ValidationErrors errors, string field, Type.V1.Money? amount)
    {
        var before = errors.Violations.Count;
        MoneyRules.Check(errors, field, amount);
        if (errors.Violations.Count == before && amount is { Units: 0, Nanos: 0 })
        {
            errors.Add(field, "must be more than zero");
        }
    }
}

internal sealed class CreatePaymentRequestValidator : IRequestValidator<CreatePaymentRequest>
{
    public void Validate(CreatePaymentRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        PaymentFieldRules.PositiveAmount(errors, "amount", request.Amount);
        PaymentFieldRules.Key(errors, "payment_method", request.PaymentMethod);
        PaymentFieldRules.Key(errors, "idempotency_key", request.IdempotencyKey);
    }
}

internal sealed class GetPaymentRequestValidator : IRequestValidator<GetPaymentRequest>
{
    public void Validate(GetPaymentRequest request, ValidationErrors errors) => errors.RequireId("payment_id", request.PaymentId);
}

internal sealed class ListPaymentsRequestValidator : IRequestValidator<ListPaymentsRequest>
{
    public void Validate(ListPaymentsRequest request, ValidationErrors errors)
    {
        errors.RequireId("order_id", request.OrderId);
        errors.Require(request.PageSize >= 0, "page_size", "must not be negative");
    }
}

internal sealed class RefundPaymentRequestValidator : IRequestValidator<RefundPaymentRequest>
{
    public void Validate(RefundPaymentRequest request, ValidationErrors errors)
    {
        errors.RequireId("payment_id", request.PaymentId);
        if (request.Amount is not null)
        {
            PaymentFieldRules.PositiveAmount(errors, "amount", request.Amount);
        }

        PaymentFieldRules.Key(errors, "idempotency_key", request.IdempotencyKey);
        errors.Require(request.Reason.Length <= 500 && !request.Reason.Any(char.IsControl), "reason", "must be at most 500 characters without control characters");
    }
}
