using PaymentRecon.Booking;
using PaymentRecon.Matching;

namespace PaymentRecon.Core.Tests.Matching;

/// <summary>A return or reversal gives the amount back to the Soll position: what is open grows, never shrinks.</summary>
public sealed class UndoReopensTests
{
    private static readonly string Kz = KassenzeichenFormat.Default.WithCheckDigit("530000001103");

    [Fact]
    public void A_reversal_of_a_booked_credit_reopens_its_position()
    {
        var soll = new OpenSoll(103, Kz, "HUNDESTEUER", "HUN-1", "1.9000", Money.Eur(0m), Money.Eur(132m), new DateOnly(2026, 11, 6), "Klaus Krüger", null);
        var prior = new PriorBooking(1, Satzart.Ist, Money.Eur(132m), null, null, "REF-1", Kz, 103, "HUN-1", "HUNDESTEUER", "1.9000", new DateOnly(2026, 11, 26));
        var reversal = new Receipt
        {
            Id = 2,
            Amount = Money.Eur(-132m),
            BookingDate = new DateOnly(2026, 11, 27),
            ValueDate = new DateOnly(2026, 11, 27),
            RemittanceLines = [Kz],
            IsReversal = true,
            Gvc = "161",
        };

        var result = PaymentMatcher.Match([reversal], [soll], [prior], MatchingOptions.Default);

        var decision = result.Decisions.Single();
        decision.Outcome.Should().Be(MatchOutcome.Reversal);
        decision.Bookings.Should().ContainSingle().Which.Amount.Should().Be(Money.Eur(-132m));
        result.OpenAmounts[103].Should().Be(Money.Eur(132m));
    }
}
