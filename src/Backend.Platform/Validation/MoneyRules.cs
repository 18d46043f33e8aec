using Google.Protobuf;

namespace Backend.Platform.Validation;

/// <summary>
/// The shape every <c>backend.type.v1.Money</c> in a request must have. Read through the message's
/// descriptor, so that the platform needs none of the generated contract types.
/// </summary>
public static class MoneyRules
{
    private const int NanosPerUnit = 1_000_000_000;

    /// <summary>Checks currency code, nanos range and sign; with <paramref name="allowNegative"/> false, also that it is not negative.</summary>
    public static void Check(ValidationErrors errors, string field, IMessage? money, bool allowNegative = false)
    {
        if (money is null)
        {
            errors.Add(field, "is required");
            return;
        }

        var currencyCode = (string)Value(money, "currency_code");
        var units = (long)Value(money, "units");
        var nanos = (int)Value(money, "nanos");
        errors.Require(IsCurrencyCode(currencyCode), field + ".currency_code", "must be three upper-case letters (ISO 4217), e.g. EUR");
        if (nanos is <= -NanosPerUnit or >= NanosPerUnit)
        {
            errors.Add(field + ".nanos", "must be between -999999999 and 999999999");
        }
        else if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0))
        {
            errors.Add(field + ".nanos", "must have the same sign as units");
        }
        else if (!allowNegative && (units < 0 || nanos < 0))
        {
            errors.Add(field, "must not be negative");
        }
    }

    public static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(c => c is >= 'A' and <= 'Z');

    private static object Value(IMessage money, string name) =>
        money.Descriptor.FindFieldByName(name)?.Accessor.GetValue(money)
        ?? throw new ArgumentException($"{money.Descriptor.FullName} has no field {name}.", nameof(money));
}
