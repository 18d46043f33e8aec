using Backend.Platform.Validation;

namespace Backend.Orders.Grpc;

internal static class OrderFieldRules
{
    public const int MaxIdLength = ValidationErrors.MaxIdLength;

    public static void Text(ValidationErrors errors, string field, string value, int maxLength) =>
        errors.Require(value.Length <= maxLength && !value.Any(char.IsControl), field, $"must be at most {maxLength} characters without control characters");
}
