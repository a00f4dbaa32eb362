using PaymentRecon.Receivables;

namespace PaymentRecon.Core.Tests.Receivables;

public sealed class ReceivableProfileTests
{
    [Fact]
    public void Built_in_profiles_are_valid()
    {
        ReceivableProfile.BuiltIn.Select(p => p.Name).Should().Equal("soll-standard", "soll-iso");
        ReceivableProfile.BuiltIn.Should().OnlyContain(p => p.Validate().Count == 0);
        ReceivableFixtures.ProsozAnsi.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_names_every_bad_setting()
    {
        var profile = ReceivableProfile.Standard with
        {
            Name = "a/b",
            Delimiter = ";;",
            Quote = "",
            Encoding = "klingon-8",
            DecimalSeparator = ";",
            ThousandsSeparator = "x",
            DateFormats = ["MM.yyyy"],
            Columns = new ReceivableColumns { Betrag = "Verfahren", Text = " " },
            Kassenzeichen = new KassenzeichenFormat { MinLength = 0 },
        };

        var problems = profile.Validate();

        problems.Should().Contain(p => p.StartsWith("Name", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Delimiter", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Quote", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("klingon-8", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("DecimalSeparator", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("ThousandsSeparator", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("MM.yyyy", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("same column", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Columns:Text", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("Kassenzeichen:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AVVISO_*.csv", "AVVISO_20261127.csv", true)]
    [InlineData("AVVISO_*.csv", "avviso_1.CSV", true)]
    [InlineData("AVVISO_*.csv", "XAVVISO_1.csv", false)]
    [InlineData("soll_????.csv", "soll_2026.csv", true)]
    [InlineData("soll_????.csv", "soll_26.csv", false)]
    [InlineData("*", "anything.csv", true)]
    public void MatchesFileName_uses_star_and_question_mark_ignoring_case(string pattern, string fileName, bool expected) =>
        (ReceivableProfile.Standard with { FileNamePattern = pattern }).MatchesFileName(fileName).Should().Be(expected);

    [Fact]
    public void A_profile_without_pattern_matches_no_file_name() =>
        ReceivableProfile.Standard.MatchesFileName("01-standard.csv").Should().BeFalse();

    [Fact]
    public void Empty_date_formats_mean_german_and_iso()
    {
        ReceivableProfile.Standard.EffectiveDateFormats.Should().Equal("dd.MM.yyyy", "yyyy-MM-dd");
        ReceivableProfile.Iso.EffectiveDateFormats.Should().Equal("yyyy-MM-dd");
    }
}
