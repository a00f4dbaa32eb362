using PaymentRecon.Booking;
using PaymentRecon.Matching;

namespace PaymentRecon.Core.Tests.Matching;

/// <summary>Builders with valid defaults for matcher tests; all names and IBANs are made up.</summary>
internal static class MatchingData
{
    public static readonly DateOnly Day = new(2026, 3, 10);

    /// <summary>A valid default-format Kassenzeichen from a twelve-digit payload.</summary>
    public static string Kz(string payload) => KassenzeichenFormat.Default.WithCheckDigit(payload);

    /// <summary>The same Kassenzeichen with a wrong check digit.</summary>
    public static string BrokenKz(string payload)
    {
        var valid = Kz(payload);
        var wrong = (char)('0' + ((valid[^1] - '0' + 1) % 10));
        return valid[..^1] + wrong;
    }

    public static Receipt Credit(long id, decimal amount, params string[] lines) => new()
    {
        Id = id,
        Amount = Money.Eur(amount),
        BookingDate = Day,
        ValueDate = Day,
        RemittanceLines = lines,
        PayerName = "Erika Mustermann",
        PayerIban = "DE02120300000000202051",
        Gvc = "166",
    };

    public static OpenSoll Soll(long id, string kassenzeichen, decimal open, DateOnly? due = null, string anordnung = "A-1", string debtor = "Erika Mustermann", string? iban = null, string verfahren = "PROSOZ-BAU") =>
        new(id, kassenzeichen, verfahren, anordnung, "1.6100.1000", Money.Eur(open), Money.Eur(open), due ?? Day.AddDays(-14), debtor, iban);

    public static MatchResult Match(IReadOnlyList<Receipt> receipts, IReadOnlyList<OpenSoll> soll, IReadOnlyList<PriorBooking>? prior = null, MatchingOptions? options = null) =>
        PaymentMatcher.Match(receipts, soll, prior ?? [], options ?? MatchingOptions.Default);

    public static MatchDecision Single(Receipt receipt, params OpenSoll[] soll) => Match([receipt], soll).Decisions.Single();

    public static PriorBooking PriorIst(long receiptId, OpenSoll soll, decimal amount, string? endToEnd = null, string? mandate = null, string? servicerRef = null, DateOnly? date = null) =>
        new(receiptId, Satzart.Ist, Money.Eur(amount), endToEnd, mandate, servicerRef, soll.Kassenzeichen, soll.PositionId, soll.AnordnungsNr, soll.Verfahren, soll.Haushaltsstelle, date ?? Day.AddDays(-20));
}
