using PaymentRecon.Providers;

namespace PaymentRecon.Core.Tests.Providers;

public sealed class ProviderProfileTests
{
    [Fact]
    public void Validate_FindsNothing_WhenBuiltInProfiles()
    {
        ProviderProfile.BuiltIn.Should().OnlyContain(p => p.Validate().Count == 0);
        ProviderReportReaderTests.Giro.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_NamesEverySetting_WhenProfileIsBroken()
    {
        var broken = ProviderProfile.Generic with
        {
            Delimiter = ",,",
            DecimalSeparator = ";",
            Encoding = "klingon",
            DateFormats = ["HH:mm"],
            SignHandling = SignHandling.SignColumn,
            PayoutTypes = ["Withdrawal"],
        };

        var problems = broken.Validate();

        problems.Should().Contain(p => p.StartsWith("Delimiter", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("DecimalSeparator", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("klingon", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("DateFormats", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Columns:Sign", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("PayoutTypes", StringComparison.Ordinal));
    }
}
