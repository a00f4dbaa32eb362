using System.Globalization;
using PaymentRecon.CheckDigits;

namespace PaymentRecon;

/// <summary>
/// The format of the Kassenzeichen one procedure issues: alphabet, length and check digit.
/// Cash offices differ here, so this is configuration, never a subclass.
/// </summary>
/// <remarks>The default is the contract's: 13 digits, the last one ISO 7064 MOD 11,10 over the first twelve.</remarks>
public sealed record KassenzeichenFormat
{
    public const string Digits = "0123456789";

    public static readonly KassenzeichenFormat Default = new();

    /// <summary>The characters a Kassenzeichen may consist of after normalisation (upper case).</summary>
    public string Alphabet { get; init; } = Digits;

    public int MinLength { get; init; } = 13;

    public int MaxLength { get; init; } = 13;

    public CheckDigitScheme CheckDigit { get; init; } = CheckDigitScheme.Iso7064Mod1110;

    /// <summary>Only for the modulo 11 schemes: the check digit when the remainder is 0.</summary>
    public Mod11RemainderRule Mod11Remainder0 { get; init; } = Mod11RemainderRule.DigitZero;

    /// <summary>Only for the modulo 11 schemes: the check digit when the remainder is 1.</summary>
    public Mod11RemainderRule Mod11Remainder1 { get; init; } = Mod11RemainderRule.DigitZero;

    /// <summary>Problems with the format itself, for start-up validation of the configuration.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Alphabet))
        {
            problems.Add("Alphabet must not be empty.");
        }
        else if (Alphabet.Any(c => char.IsWhiteSpace(c) || c is '.' or '-' or '/' || char.IsAsciiLetterLower(c)))
        {
            problems.Add("Alphabet must not contain separators (space . - /) or lower-case letters: Kassenzeichen are upper-cased and separators removed before they are checked.");
        }

        if (MinLength < 1 || MaxLength < MinLength || MaxLength > 35)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Length {MinLength}..{MaxLength} is not a range within 1..35 (35: the longest camt reference)."));
        }

        if (CheckDigit != CheckDigitScheme.None && MinLength < 2)
        {
            problems.Add("A format with a check digit needs at least two characters.");
        }

        if (CheckDigit != CheckDigitScheme.None && !Alphabet.Any(char.IsAsciiDigit))
        {
            problems.Add("A check digit needs digits in the alphabet.");
        }

        if (!Enum.IsDefined(CheckDigit))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Unknown check-digit scheme {CheckDigit}."));
        }

        return problems;
    }

    /// <summary>
    /// Removes what payers type around the characters: spaces, dots, hyphens, slashes; and upper-cases.
    /// </summary>
    public static string Normalise(ReadOnlySpan<char> text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (IsSeparator(c))
            {
                continue;
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..length]);
    }

    /// <summary>The separators payers type inside a Kassenzeichen.</summary>
    public static bool IsSeparator(char c) => c is ' ' or '.' or '-' or '/' or '\u00A0' or '\t';

    public bool TryParse(string? text, out Kassenzeichen? kassenzeichen, out string? error)
    {
        kassenzeichen = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Kassenzeichen is empty.";
            return false;
        }

        var value = Normalise(text);
        error = Check(value);
        if (error is not null)
        {
            return false;
        }

        kassenzeichen = new Kassenzeichen(value);
        return true;
    }

    public bool TryParse(string? text, out Kassenzeichen? kassenzeichen) => TryParse(text, out kassenzeichen, out _);

    public Kassenzeichen Parse(string text) =>
        TryParse(text, out var kassenzeichen, out var error) ? kassenzeichen! : throw new FormatException(error);

    /// <summary>
    /// Checks an already normalised candidate; null when it is valid, else the reason. A wrong
    /// check digit is reported as such, so a Klärfall can say "check digit does not match".
    /// </summary>
    public string? Check(ReadOnlySpan<char> value)
    {
        if (value.Length < MinLength || value.Length > MaxLength)
        {
            return MinLength == MaxLength
                ? string.Create(CultureInfo.InvariantCulture, $"Kassenzeichen must have {MinLength} characters, not {value.Length}.")
                : string.Create(CultureInfo.InvariantCulture, $"Kassenzeichen must have {MinLength} to {MaxLength} characters, not {value.Length}.");
        }

        foreach (var c in value)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return string.Create(CultureInfo.InvariantCulture, $"Kassenzeichen contains '{c}', which is not allowed.");
            }
        }

        if (CheckDigit == CheckDigitScheme.None)
        {
            return null;
        }

        var last = value[^1];
        if (!char.IsAsciiDigit(last))
        {
            return "Kassenzeichen must end in a check digit.";
        }

        var expected = CheckDigitCalculator.Compute(value[..^1], CheckDigit, Mod11Remainder0, Mod11Remainder1);
        if (expected is null)
        {
            return "Kassenzeichen cannot exist: its check digit is undefined under the configured modulo 11 rule.";
        }

        return expected.Value == last - '0' ? null : "Kassenzeichen check digit does not match.";
    }

    /// <summary>Appends the check digit to a payload, for issuing numbers and generating test data.</summary>
    public string WithCheckDigit(string payload)
    {
        var digit = CheckDigitCalculator.Compute(payload, CheckDigit, Mod11Remainder0, Mod11Remainder1);
        return CheckDigit == CheckDigitScheme.None
            ? payload
            : digit is { } d ? payload + (char)('0' + d) : throw new ArgumentException("This payload has no valid check digit under the configured rule.", nameof(payload));
    }
}
