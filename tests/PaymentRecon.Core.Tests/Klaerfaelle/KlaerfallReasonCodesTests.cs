using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.Core.Tests.Klaerfaelle;

public sealed class KlaerfallReasonCodesTests
{
    [Fact]
    public void Check_AcceptsKnownCodesInAnyCase_AndRequiresANoteForSonstiges()
    {
        KlaerfallReasonCodes.Check("zuordnung_ermittelt", null).Should().BeNull();
        KlaerfallReasonCodes.Check("SONSTIGES", " ").Should().Contain("Notiz");
        KlaerfallReasonCodes.Check("SONSTIGES", "weil").Should().BeNull();
        KlaerfallReasonCodes.Check("ERFUNDEN", null).Should().Contain("Unbekannter Begründungscode");
        KlaerfallReasonCodes.All.Select(c => c.Code).Should().OnlyHaveUniqueItems();
        KlaerfallReasonCodes.Label("DOPPELZAHLUNG").Should().Be("Doppelzahlung");
    }

    [Theory]
    [InlineData(FourEyesMode.Always, 0, 0.01, true)]
    [InlineData(FourEyesMode.AboveAmount, 100, 100, false)]
    [InlineData(FourEyesMode.AboveAmount, 100, 100.01, true)]
    public void FourEyesPolicy_RequiresApproval_AboveTheThresholdOrAlways(FourEyesMode mode, decimal threshold, decimal amount, bool required) =>
        new FourEyesPolicy(mode, threshold).RequiresApproval(amount).Should().Be(required);
}
