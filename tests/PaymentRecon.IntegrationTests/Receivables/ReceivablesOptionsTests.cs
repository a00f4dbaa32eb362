using Microsoft.Extensions.Configuration;
using PaymentRecon.CheckDigits;
using PaymentRecon.Host.Configuration;
using PaymentRecon.Receivables;

namespace PaymentRecon.IntegrationTests.Receivables;

public sealed class ReceivablesOptionsTests
{
    [Fact]
    public void Configured_profiles_bind_and_join_the_built_in_ones_with_their_kassenzeichen_format()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["PaymentRecon:Receivables:KassenzeichenFormats:kurz:MinLength"] = "6",
            ["PaymentRecon:Receivables:KassenzeichenFormats:kurz:MaxLength"] = "8",
            ["PaymentRecon:Receivables:KassenzeichenFormats:kurz:CheckDigit"] = "Luhn",
            ["PaymentRecon:Receivables:Profiles:alt:Delimiter"] = "|",
            ["PaymentRecon:Receivables:Profiles:alt:DateFormats:0"] = "d.M.yyyy",
            ["PaymentRecon:Receivables:Profiles:alt:Columns:Betrag"] = "Summe",
            ["PaymentRecon:Receivables:Profiles:alt:KassenzeichenFormat"] = "kurz",
            ["PaymentRecon:Receivables:Profiles:soll-iso:Delimiter"] = "\t",
        });

        var profiles = options.Receivables.ResolveProfiles(options.Kassenzeichen);

        profiles.Keys.Should().BeEquivalentTo("soll-standard", "soll-iso", "alt");
        var alt = profiles["alt"];
        alt.Should().BeEquivalentTo(new { Name = "alt", Delimiter = "|", DecimalSeparator = "," });
        alt.DateFormats.Should().Equal("d.M.yyyy");
        alt.Columns.Betrag.Should().Be("Summe");
        alt.Columns.Verfahren.Should().Be("Verfahren");
        alt.Kassenzeichen.Should().BeEquivalentTo(new { MinLength = 6, MaxLength = 8, CheckDigit = CheckDigitScheme.Luhn });
        profiles["soll-iso"].Delimiter.Should().Be("\t", "a configured profile replaces the built-in one");
        profiles["soll-iso"].DecimalSeparator.Should().Be(",", "keys it does not set have the soll-standard value");
        profiles["soll-standard"].Should().BeEquivalentTo(ReceivableProfile.Standard with { Kassenzeichen = options.Kassenzeichen });
    }

    [Fact]
    public void Unknown_keys_and_bad_profiles_stop_the_start_with_every_problem()
    {
        var act = () => Bind(new Dictionary<string, string?>
        {
            ["PaymentRecon:Receivables:Profiles:a:ThousandsSeparator"] = ",",
            ["PaymentRecon:Receivables:Profiles:a:DecimalSeparator"] = ",",
            ["PaymentRecon:Receivables:Profiles:a:FileNamePattern"] = "X_*.csv",
            ["PaymentRecon:Receivables:Profiles:b:FileNamePattern"] = "x_*.CSV",
            ["PaymentRecon:Receivables:Profiles:b:KassenzeichenFormat"] = "fehlt",
        });

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().Contain(p => p.StartsWith("Receivables: Profiles:a: ThousandsSeparator", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("a and b have the same FileNamePattern", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("'fehlt' is not defined", StringComparison.Ordinal));
        FluentActions.Invoking(() => Bind(new Dictionary<string, string?> { ["PaymentRecon:Receivables:Profiles:a:Delimeter"] = ";" }))
            .Should().Throw<ConfigurationException>().Which.Message.Should().Contain("Delimeter");
    }

    private static PaymentReconOptions Bind(Dictionary<string, string?> values) =>
        AppConfiguration.BindOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
