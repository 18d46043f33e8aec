using Backend.Type.V1;

namespace Backend.Platform.Validation;

/// <summary>The shape every <c>backend.type.v1.Money</c> in a request must have.</summary>
public static class MoneyRules
{
    private const int NanosPerUnit = 1_000_000_000;

    /// <summary>Checks currency code, nanos range and sign; with <paramref name="allowNegative"/> false, also that it is not negative.</summary>
    public static void Check(ValidationErrors errors, string field, Money? money, bool allowNegative = false)
    {
        if (money is null)
        {
            errors.Add(field, "is required");
            return;
        }

        errors.Require(IsCurrencyCode(money.CurrencyCode), field + ".currency_code", "must be three upper-case letters (ISO 4217), e.g. EUR");
        if (money.Nanos is <= -NanosPerUnit or >= NanosPerUnit)
        {
            errors.Add(field + ".nanos", "must be between -999999999 and 999999999");
        }
        else if ((money.Units > 0 && money.Nanos < 0) || (money.Units < 0 && money.Nanos > 0))
        {
            errors.Add(field + ".nanos", "must have the same sign as units");
        }
        else if (!allowNegative && (money.Units < 0 || money.Nanos < 0))
        {
            errors.Add(field, "must not be negative");
        }
    }

    public static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(c => c is >= 'A' and <= 'Z');
}
