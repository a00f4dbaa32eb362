namespace PaymentRecon.CheckDigits;

/// <summary>
/// The check-digit algorithms Kassenzeichen formats use. All work on the decimal digits of the
/// payload; other characters (an alphanumeric prefix) are not part of the computation.
/// </summary>
public static class CheckDigitCalculator
{
    /// <summary>
    /// Computes the check digit for <paramref name="payload"/>, or null when the scheme has none or
    /// the payload can never be issued (a modulo 11 remainder whose rule is <see cref="Mod11RemainderRule.Invalid"/>).
    /// </summary>
    public static int? Compute(
        ReadOnlySpan<char> payload,
        CheckDigitScheme scheme,
        Mod11RemainderRule remainder0 = Mod11RemainderRule.DigitZero,
        Mod11RemainderRule remainder1 = Mod11RemainderRule.DigitZero) => scheme switch
        {
            CheckDigitScheme.None => null,
            CheckDigitScheme.Iso7064Mod1110 => Iso7064Mod1110(payload),
            CheckDigitScheme.Luhn => Luhn(payload),
            CheckDigitScheme.Mod11Weights2To7 => Mod11(payload, 7, remainder0, remainder1),
            CheckDigitScheme.Mod11Weights2To9 => Mod11(payload, 9, remainder0, remainder1),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown check-digit scheme."),
        };

    /// <summary>ISO 7064 MOD 11,10: <c>100845456115</c> gives 8.</summary>
    public static int Iso7064Mod1110(ReadOnlySpan<char> payload)
    {
        var product = 10;
        foreach (var c in payload)
        {
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var sum = (product + (c - '0')) % 10;
            if (sum == 0)
            {
                sum = 10;
            }

            product = sum * 2 % 11;
        }

        return (11 - product) % 10;
    }

    /// <summary>Luhn (Bundesbank method 00): <c>929070</c> gives 1.</summary>
    public static int Luhn(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        var weight = 2;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(payload[i]))
            {
                continue;
            }

            var product = (payload[i] - '0') * weight;
            sum += (product / 10) + (product % 10);
            weight = weight == 2 ? 1 : 2;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static int? Mod11(ReadOnlySpan<char> payload, int maxWeight, Mod11RemainderRule remainder0, Mod11RemainderRule remainder1)
    {
        var sum = 0;
        var weight = 2;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(payload[i]))
            {
                continue;
            }

            sum += (payload[i] - '0') * weight;
            weight = weight == maxWeight ? 2 : weight + 1;
        }

        var remainder = sum % 11;
        return remainder switch
        {
            0 => Apply(remainder0),
            1 => Apply(remainder1),
            _ => 11 - remainder,
        };

        static int? Apply(Mod11RemainderRule rule) => rule switch
        {
            Mod11RemainderRule.DigitZero => 0,
            Mod11RemainderRule.DigitOne => 1,
            _ => null,
        };
    }
}
