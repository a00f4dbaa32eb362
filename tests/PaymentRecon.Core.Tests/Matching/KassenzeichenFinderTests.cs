using System.Globalization;
using PaymentRecon.CheckDigits;
using PaymentRecon.Matching;

namespace PaymentRecon.Core.Tests.Matching;

public sealed class KassenzeichenFinderTests
{
    private const string Valid = "1008454561158";
    private static readonly KassenzeichenFinder Finder = new(KassenzeichenFormat.Default);

    [Theory]
    [InlineData("1008454561158")]
    [InlineData("Grundsteuer 1008454561158 Danke")]
    [InlineData("KZ 1008 4545 6115 8")]
    [InlineData("KZ:1008454561158")]
    [InlineData("KZ1008454561158")]
    [InlineData("Kassenzeichen: 1008.4545.6115.8")]
    [InlineData("kassenzeichen 1008-4545-6115-8 hundesteuer")]
    [InlineData("Kassenz. 1008/4545/6115/8")]
    [InlineData("Az 1008454561158")]
    [InlineData("Kassenzeichen-Nr.: 100 845 456 115 8")]
    [InlineData("Bescheid vom 12.03.2026, KZ 1008 4545 6115 8, Erika Mustermann")]
    [InlineData("Rechnung 4711 1008-4545-6115-8 Gebuehr")]
    public void Find_FindsTheKassenzeichen_InEverySpellingPayersUse(string line)
    {
        var found = Finder.Find([line], null, null).Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.Value == Valid && c.IsValid && c.Source == CandidateSource.RemittanceLine);
    }

    [Theory]
    [InlineData("Grundsteuer KZ 100845", "4561158 Danke")]
    [InlineData("Grundsteuer KZ 1008 4545", "6115 8")]
    [InlineData("SVWZ+Kassenzeichen 10084545611", "58")]
    public void Find_FindsAKassenzeichen_SplitAcrossTwoLines(string first, string second)
    {
        var found = Finder.Find([first, second], null, null).Candidates;

        found.Should().ContainSingle(c => c.Value == Valid && c.IsValid);
    }

    [Theory]
    [InlineData("EREF+NOTPROVIDED KREF+4711 SVWZ+KZ 1008454561158 Grundsteuer", "SVWZ")]
    [InlineData("EREF:1008454561158 SVWZ:Grundsteuer", "EREF")]
    [InlineData("KREF+1008 4545 6115 8", "KREF")]
    public void Find_ReadsTheGermanTags_InPlusAndColonStyle(string line, string tag)
    {
        var found = Finder.Find([line], null, null).Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.Value == Valid && c.Source == CandidateSource.Tag && c.Detail == tag);
    }

    [Fact]
    public void Find_IgnoresTagsThatCannotHoldTheKassenzeichen()
    {
        var found = Finder.Find(["MREF+1008454561158 CRED+DE98ZZZ09999999999 SVWZ+Grundsteuer"], null, null).Candidates;

        found.Should().BeEmpty();
    }

    [Fact]
    public void Find_UsesTheEndToEndId_AndIgnoresNotProvided()
    {
        Finder.Find([], Valid, null).Candidates.Should().ContainSingle(c => c.Source == CandidateSource.EndToEndId && c.Value == Valid);
        Finder.Find(["EREF+NOTPROVIDED"], "NOTPROVIDED", null).Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Find_TakesAStructuredCreditorReference_AsStructured()
    {
        var found = Finder.Find([], null, "1008 4545 6115 8").Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.IsStructured && c.Source == CandidateSource.CreditorReference && c.Value == Valid);
    }

    [Fact]
    public void Find_TakesTheRfPayload_WhenTheRfReferenceIsValid()
    {
        var rf = RfReference.Create(Valid);

        var found = Finder.Find([], null, rf).Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.IsStructured && c.Source == CandidateSource.RfReference && c.Value == Valid);
    }

    [Theory]
    [InlineData("RF451234512345", "1234512345")]
    [InlineData("RF68AB2G5", "AB2G5")]
    [InlineData("RF96TU06FX", "TU06FX")]
    [InlineData("RF720HYA6", "0HYA6")]
    public void RfReference_AcceptsTheIso11649Vectors(string reference, string payload)
    {
        RfReference.TryGetPayload(reference, out var read).Should().BeTrue();
        read.Should().Be(payload);
    }

    [Fact]
    public void Find_RejectsAnInvalidRfReference_WithANote()
    {
        RfReference.TryGetPayload("RF19GAX8WS5JYOOUJ87", out _).Should().BeFalse();

        var findings = Finder.Find([], null, "RF19GAX8WS5JYOOUJ87");

        findings.Candidates.Should().BeEmpty();
        findings.Notes.Should().ContainSingle().Which.Should().Contain("RF-Referenz").And.Contain("ungültig");
    }

    [Fact]
    public void Find_FindsAnRfReferenceWrittenInTheText_WithSpaces()
    {
        var rf = RfReference.Create(Valid);
        var spaced = string.Join(' ', Enumerable.Range(0, (rf.Length + 3) / 4).Select(i => rf.Substring(i * 4, Math.Min(4, rf.Length - (i * 4)))));

        var found = Finder.Find([$"Zahlung {spaced} Danke"], null, null).Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.Source == CandidateSource.RfInText && c.Value == Valid);
    }

    [Fact]
    public void Find_ReportsAWrongCheckDigit_AsInvalidCandidate()
    {
        var broken = MatchingData.BrokenKz("100845456115");

        var found = Finder.Find([$"KZ {broken}"], null, null).Candidates;

        found.Should().ContainSingle().Which.Should().Match<KassenzeichenCandidate>(c => c.Value == broken && !c.IsValid);
    }

    [Fact]
    public void Find_FindsNothing_InsideAnIban()
    {
        // An IBAN whose BBAN starts with a valid Kassenzeichen, written with irregular spaces.
        var bban = Valid + "12345";
        var iban = Enumerable.Range(2, 97).Select(c => string.Create(CultureInfo.InvariantCulture, $"DE{c:00}{bban}")).Single(s => Iban.TryParse(s, out _));
        var written = $"{iban[..4]} {Valid} 12345";

        Finder.Find([$"IBAN {written}"], null, null).Candidates.Should().BeEmpty();
        Finder.Find([$"von {iban}"], null, null).Candidates.Should().BeEmpty();
        Finder.Find(["DE89 3704 0044 0532 0130 00"], null, null).Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Find_FindsNothing_InADateFollowedByANumber()
    {
        // 12.03.2026 + 1234d would read as the valid 13 digits 1203202612 34d if the date were not masked.
        var kz = MatchingData.Kz("120320261234");

        Finder.Find([$"12.03.2026 {kz[8..]}"], null, null).Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Find_FindsNothing_InALongerDigitRun_OrInAnAmount()
    {
        Finder.Find(["10084545611580"], null, null).Candidates.Should().BeEmpty();
        Finder.Find(["Ref 91008454561158"], null, null).Candidates.Should().BeEmpty();
        Finder.Find(["Betrag 1.008.454.561,15 EUR"], null, null).Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Find_DoesNotGlueUnrelatedNumbers_InsideALongerRun()
    {
        // Five groups where the middle four would give a valid number; only the whole run counts.
        var kz = MatchingData.Kz("100845456115");
        var text = $"4711 {kz[..4]} {kz[4..8]} {kz[8..12]} {kz[12..]} 99";

        Finder.Find([text], null, null).Candidates.Should().BeEmpty();
    }

    [Fact]
    public void Find_ListsEveryDistinctCandidate_StructuredFirst()
    {
        var other = MatchingData.Kz("200000000001");

        var found = Finder.Find([$"KZ {Valid} und KZ {other}", $"nochmal {Valid}"], null, Valid).Candidates;

        found.Select(c => c.Value).Should().Equal(Valid, other);
        found[0].IsStructured.Should().BeTrue();
    }

    [Fact]
    public void Find_WorksWithAnAlphanumericFormat()
    {
        var epaybl = new KassenzeichenFormat { Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", MinLength = 6, MaxLength = 12, CheckDigit = CheckDigitScheme.Luhn };
        var kz = epaybl.WithCheckDigit("ABC12345");
        var finder = new KassenzeichenFinder(epaybl);

        finder.Find([$"zahlung fuer {kz.ToLowerInvariant()} danke"], null, null).Candidates.Should().ContainSingle(c => c.Value == kz && c.IsValid);
        finder.Find([$"Kassenzeichen {kz[..3]}-{kz[3..8]}-{kz[8..]}"], null, null).Candidates.Should().ContainSingle(c => c.Value == kz && c.IsValid);
        finder.Find(["Grundsteuer Hundesteuer Danke"], null, null).Candidates.Should().BeEmpty();
    }
}
