using System.Globalization;

namespace Backend.Platform.Domain;

/// <summary>
/// An exact amount in one currency, kept as a whole number of nano-units so that sums and
/// products never round. Never floating point.
/// </summary>
public readonly record struct Money(string CurrencyCode, Int128 Nanos)
{
    public const long NanosPerUnit = 1_000_000_000;

    public static Money FromParts(string currencyCode, long units, int nanos) =>
        new(currencyCode, ((Int128)units * NanosPerUnit) + nanos);

    /// <summary>The whole units; the same sign as <see cref="NanoPart"/>.</summary>
    public long Units => (long)(Nanos / NanosPerUnit);

    /// <summary>The fraction in billionths, |value| &lt; 1e9.</summary>
    public int NanoPart => (int)(Nanos % NanosPerUnit);

    /// <summary>Whether the whole units fit the contract's int64.</summary>
    public bool FitsContract => Nanos / NanosPerUnit is var units && units >= long.MinValue && units <= long.MaxValue;

    public Money Times(int quantity) => this with { Nanos = Nanos * quantity };

    public Money Plus(Money other) =>
        other.CurrencyCode == CurrencyCode
            ? this with { Nanos = Nanos + other.Nanos }
            : throw new InvalidOperationException($"Cannot add {other.CurrencyCode} to {CurrencyCode}.");

    public static Money Zero(string currencyCode) => new(currencyCode, 0);

    public Money Minus(Money other) => Plus(other with { Nanos = -other.Nanos });

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Units}.{Math.Abs(NanoPart):D9} {CurrencyCode}");
}
