namespace PaymentRecon.CheckDigits;

/// <summary>How the last character of a Kassenzeichen is computed from the ones before it.</summary>
public enum CheckDigitScheme
{
    /// <summary>No check digit: every character is payload. A typo cannot be detected.</summary>
    None = 0,

    /// <summary>ISO 7064 MOD 11,10 (hybrid system). The default of the contract.</summary>
    Iso7064Mod1110 = 1,

    /// <summary>Luhn, i.e. Bundesbank method 00: weights 2,1,2,1... from the right, digit sums, mod 10.</summary>
    Luhn = 2,

    /// <summary>Modulo 11 with weights 2,3,4,5,6,7 repeating from the right.</summary>
    Mod11Weights2To7 = 3,

    /// <summary>Modulo 11 with weights 2,3,...,9 repeating from the right.</summary>
    Mod11Weights2To9 = 4,
}
