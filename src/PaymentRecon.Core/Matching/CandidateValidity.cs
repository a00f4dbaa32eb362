namespace PaymentRecon.Matching;

/// <summary>How a string measures up against the configured Kassenzeichen formats.</summary>
public enum CandidateValidity
{
    /// <summary>Wrong length or alphabet (or no digit): not a Kassenzeichen.</summary>
    NotAKassenzeichen = 0,

    /// <summary>Length, alphabet and check digit hold under at least one format.</summary>
    Valid = 1,

    /// <summary>Length and alphabet fit, only the check digit fails: a typo or transposition.</summary>
    CheckDigitFails = 2,
}
