using Backend.Platform.Validation;

namespace Backend.Orders.Grpc;

internal static class OrderFieldRules
{
    public const int MaxIdLength = 64;

    public static void Id(ValidationErrors errors, string field, string value) =>
        errors.Require(value.Length is > 0 and <= MaxIdLength, field, value.Length == 0 ? "is required" : $"must be at most {MaxIdLength} characters");

    public static void Text(ValidationErrors errors, string field, string value, int maxLength) =>
        errors.Require(value.Length <= maxLength && !value.Any(char.IsControl), field, $"must be at most {maxLength} characters without control characters");
}
