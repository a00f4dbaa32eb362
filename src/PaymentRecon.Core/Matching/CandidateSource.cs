namespace PaymentRecon.Matching;

/// <summary>Where in a receipt a Kassenzeichen candidate was found.</summary>
public enum CandidateSource
{
    None = 0,

    /// <summary>camt <c>Strd/CdtrRefInf/Ref</c>: a structured reference.</summary>
    CreditorReference = 1,

    /// <summary>The payload of a valid ISO 11649 RF reference in <c>Strd/CdtrRefInf/Ref</c>.</summary>
    RfReference = 2,

    /// <summary>The payload of a valid RF reference written in the remittance text.</summary>
    RfInText = 3,

    /// <summary>camt <c>Refs/EndToEndId</c>.</summary>
    EndToEndId = 4,

    /// <summary>Inside an <c>EREF+</c>/<c>KREF+</c>/<c>SVWZ+</c> tag of the remittance text.</summary>
    Tag = 5,

    /// <summary>One <c>Ustrd</c> line.</summary>
    RemittanceLine = 6,

    /// <summary>Only in the lines joined: split across two <c>Ustrd</c> lines.</summary>
    JoinedLines = 7,
}
