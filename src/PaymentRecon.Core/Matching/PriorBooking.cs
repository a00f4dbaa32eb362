using PaymentRecon.Booking;

namespace PaymentRecon.Matching;

/// <summary>
/// One booking line decided earlier (an earlier run, or earlier in this run) for a receipt: what a
/// return or reversal has to undo. Pass every line of receipts that may still be returned or
/// reversed (e.g. the last 13 months), including the lines of earlier returns and reversals
/// (<see cref="ReversesReceiptId"/> set) so nothing is undone twice.
/// </summary>
/// <param name="ReceiptId">The receipt the line was booked for.</param>
/// <param name="Amount">Signed line amount (an IST on a Soll is positive).</param>
/// <param name="ReversesReceiptId">Set when this line belongs to a return/reversal that undid that receipt.</param>
/// <param name="PayerIban">The payer IBAN of the receipt; feeds the "paid this Kassenzeichen before" suggestion.</param>
public sealed record PriorBooking(
    long ReceiptId,
    Satzart Satzart,
    Money Amount,
    string? EndToEndId,
    string? MandateId,
    string? AccountServicerReference,
    string? Kassenzeichen,
    long? PositionId,
    string? AnordnungsNr,
    string? Verfahren,
    string? Haushaltsstelle,
    DateOnly BookingDate,
    long? ReversesReceiptId = null,
    string? PayerIban = null);
