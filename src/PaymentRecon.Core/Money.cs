using System.Globalization;

namespace PaymentRecon;

/// <summary>
/// An amount of money in one currency. The amount is a <see cref="decimal"/> kept exactly as read:
/// money never passes through floating point.
/// </summary>
/// <remarks>
/// Arithmetic and comparison across currencies throw <see cref="ArgumentException"/>: mixing them
/// almost always indicates a bug in the calling code. <c>default(Money)</c> has no currency and is
/// not valid as an argument to any method.
/// </remarks>
public readonly record struct Money(decimal Amount, Currency Currency) : IComparable<Money>
{
    public static Money Eur(decimal amount) => new(amount, Currency.EUR);

    public static Money Zero(Currency currency) => new(0m, currency);

    public bool IsZero => Amount == 0m;

    public bool IsNegative => Amount < 0m;

    /// <summary>
    /// Number of decimals the amount was written with (<c>10.50m</c> has 2, <c>10.5m</c> has 1).
    /// </summary>
    public int Scale => Amount.Scale;

    /// <summary>
    /// True when the amount needs no more decimals than the currency has (EUR: two). Trailing zeros
    /// beyond that are fine (<c>1.500</c> is 1.50), a third significant decimal is not.
    /// </summary>
    public bool FitsMinorUnits => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    public Money Negate() => this with { Amount = -Amount };

    public Money Abs() => this with { Amount = Math.Abs(Amount) };

    public static Money operator +(Money left, Money right) => new(checked(left.Amount + right.Amount), SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(checked(left.Amount - right.Amount), SameCurrency(left, right));

    public static Money operator -(Money value) => value.Negate();

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <summary>Invariant form with a point and the currency, e.g. <c>1234.50 EUR</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Currency}");

    private static Currency SameCurrency(Money left, Money right)
    {
        if (left.Currency.IsDefault || right.Currency.IsDefault)
        {
            throw new ArgumentException("default(Money) has no currency and cannot take part in arithmetic.");
        }

        if (left.Currency != right.Currency)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Cannot combine {left.Currency} and {right.Currency} amounts."));
        }

        return left.Currency;
    }
}
