namespace PaymentRecon.CheckDigits;

/// <summary>
/// What a modulo 11 scheme does when 11 − remainder is not a single digit (remainder 0 gives 11,
/// remainder 1 gives 10). Procedures differ here, so it is configuration.
/// </summary>
public enum Mod11RemainderRule
{
    /// <summary>The check digit is 0 (e.g. Bundesbank method 06).</summary>
    DigitZero = 0,

    /// <summary>The check digit is 1.</summary>
    DigitOne = 1,

    /// <summary>No number with this payload is ever issued (e.g. Bundesbank method 02 for remainder 1).</summary>
    Invalid = 2,
}
