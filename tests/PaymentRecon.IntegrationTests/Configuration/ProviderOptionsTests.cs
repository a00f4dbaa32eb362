using Microsoft.Extensions.Configuration;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Providers;

namespace PaymentRecon.IntegrationTests.Configuration;

public sealed class ProviderOptionsTests
{
    private static PaymentReconOptions Bind(Dictionary<string, string?> settings) =>
        AppConfiguration.BindOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void BindOptions_HasBuiltInProfiles_WhenNothingIsConfigured()
    {
        var profiles = Bind([]).Providers.EffectiveProfiles;

        profiles.Keys.Should().BeEquivalentTo("generic", "paypal");
        profiles["paypal"].Should().Be(ProviderProfile.PayPal);
    }

    [Fact]
    public void BindOptions_BindsAConfiguredProfile_WithCentsSignColumnAndLists()
    {
        var options = Bind(new()
        {
            ["PaymentRecon:Providers:Profiles:giro:AmountUnit"] = "Cents",
            ["PaymentRecon:Providers:Profiles:giro:SignHandling"] = "SignColumn",
            ["PaymentRecon:Providers:Profiles:giro:Columns:Sign"] = "SH",
            ["PaymentRecon:Providers:Profiles:giro:AcceptedStatuses:0"] = "4000",
            ["PaymentRecon:Providers:Profiles:giro:Columns:Status"] = "gcResultPayment",
        });

        var giro = options.Providers.EffectiveProfiles["giro"];
        giro.Should().BeEquivalentTo(new { Name = "giro", AmountUnit = AmountUnit.Cents, SignHandling = SignHandling.SignColumn, Delimiter = ";" });
        giro.AcceptedStatuses.Should().Equal("4000");
        giro.Columns.Sign.Should().Be("SH");
        giro.Columns.TransactionId.Should().Be("TransaktionsId", "unset columns keep the generic layout");
    }

    [Fact]
    public void BindOptions_ReplacesTheDefaultList_WhenAListIsConfigured()
    {
        var giro = Bind(new() { ["PaymentRecon:Providers:Profiles:giro:CreditValues:0"] = "+" }).Providers.EffectiveProfiles["giro"];

        giro.EffectiveCreditValues.Should().Equal("+");
        giro.EffectiveDebitValues.Should().Contain("DR", "the other list keeps its default");
    }

    [Fact]
    public void BindOptions_ListsProfileProblems_WhenProfileIsInvalid()
    {
        var bind = () => Bind(new()
        {
            ["PaymentRecon:Providers:Profiles:kaputt:SignHandling"] = "SignColumn",
            ["PaymentRecon:Providers:Profiles:kaputt:DecimalSeparator"] = "x",
        });

        bind.Should().Throw<ConfigurationException>().Which.Problems.Should()
            .Contain(p => p.StartsWith("Providers: Profiles:kaputt: Columns:Sign", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("Providers: Profiles:kaputt: DecimalSeparator", StringComparison.Ordinal));
    }

    [Fact]
    public void BindOptions_BindsThePayoutSettings_AndRejectsBadOnes()
    {
        var options = Bind(new()
        {
            ["PaymentRecon:Providers:PayoutMissingAfterDays"] = "7",
            ["PaymentRecon:Providers:Profiles:generic:PayoutIdPattern"] = @"PO-\d{8}-\d{2}",
            ["PaymentRecon:Providers:Profiles:giro:PayerNames:0"] = "GiroCheckout",
            ["PaymentRecon:Providers:Profiles:giro:FeesDebitedMonthly"] = "true",
        });

        options.Providers.PayoutMissingAfterDays.Should().Be(7);
        options.Providers.EffectiveProfiles["generic"].PayoutIdRegex()!.IsMatch("Auszahlung PO-20261127-01").Should().BeTrue();
        options.Providers.EffectiveProfiles["giro"].FeesDebitedMonthly.Should().BeTrue();
        options.Providers.EffectiveProfiles["paypal"].PayerNames.Should().Equal("PayPal");

        var bind = () => Bind(new()
        {
            ["PaymentRecon:Providers:PayoutMissingAfterDays"] = "-1",
            ["PaymentRecon:Providers:Profiles:kaputt:PayoutIdPattern"] = "PO-(",
            ["PaymentRecon:Providers:Profiles:kaputt:FeesDebitedMonthly"] = "true",
        });
        bind.Should().Throw<ConfigurationException>().Which.Problems.Should()
            .Contain("Providers: PayoutMissingAfterDays must be between 0 and 366.")
            .And.Contain(p => p.StartsWith("Providers: Profiles:kaputt: PayoutIdPattern is not a valid regular expression", StringComparison.Ordinal))
            .And.Contain("Providers: Profiles:kaputt: FeesDebitedMonthly needs PayerNames (the name the provider's debits carry).");
    }
}
