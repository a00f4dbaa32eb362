namespace PaymentRecon.Matching;

/// <summary>
/// Every key by which returns and reversals look up what they undo (<c>FindOriginal</c>):
/// EndToEndIds, bank references, mandates and the valid Kassenzeichen in their texts. Earlier
/// booking lines that carry none of them can never be an original of these receipts.
/// </summary>
public sealed record UndoKeys(string[] EndToEndIds, string[] ServicerReferences, string[] MandateIds, string[] Kassenzeichen)
{
    public static UndoKeys None { get; } = new([], [], [], []);
}
