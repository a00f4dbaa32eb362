namespace PaymentRecon.Matching;

/// <summary>
/// ISO 11649 structured creditor reference: <c>RF</c>, two check digits, 1 to 21 letters or digits;
/// valid when (payload + "RF" + check digits, letters as 10..35) mod 97 = 1, as for an IBAN.
/// </summary>
internal static class RfReference
{
    /// <summary>Whether <paramref name="compact"/> (no spaces, upper case) starts like an RF reference at all.</summary>
    public static bool LooksLikeRf(ReadOnlySpan<char> compact) =>
        compact.Length >= 5 && compact[0] == 'R' && compact[1] == 'F' && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3]);

    /// <summary>True and the payload when <paramref name="compact"/> (no spaces, upper case) is a valid RF reference.</summary>
    public static bool TryGetPayload(ReadOnlySpan<char> compact, out string payload)
    {
        payload = "";
        if (!LooksLikeRf(compact) || compact.Length > 25)
        {
            return false;
        }

        var body = compact[4..];
        foreach (var c in body)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        var remainder = 0;
        remainder = Add(remainder, body);
        remainder = Add(remainder, compact[..4]);
        if (remainder != 1)
        {
            return false;
        }

        payload = new string(body);
        return true;

        static int Add(int remainder, ReadOnlySpan<char> chars)
        {
            foreach (var c in chars)
            {
                remainder = char.IsAsciiDigit(c)
                    ? ((remainder * 10) + (c - '0')) % 97
                    : ((remainder * 100) + (c - 'A' + 10)) % 97;
            }

            return remainder;
        }
    }

    /// <summary>Builds a valid RF reference for a payload (tests and test data).</summary>
    public static string Create(string payload)
    {
        for (var check = 2; check <= 98; check++)
        {
            var candidate = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"RF{check:00}{payload}");
            if (TryGetPayload(candidate, out _))
            {
                return candidate;
            }
        }

        throw new ArgumentException("No RF check digits found.", nameof(payload));
    }
}
