using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class RemittanceTextTests
{
    [Fact]
    public void Joins_the_lines_with_and_without_a_break()
    {
        var text = RemittanceText.Parse("Grundsteuer 2026 Kassenzeichen 10084545", "61158 Mustermann");

        text.Joined.Should().Be("Grundsteuer 2026 Kassenzeichen 10084545 61158 Mustermann");
        text.Concatenated.Should().Be("Grundsteuer 2026 Kassenzeichen 1008454561158 Mustermann");
        text.SearchTexts.Should().Equal(text.Joined, text.Concatenated);
        text.Lines.Should().HaveCount(2);
        text.Tags.Should().BeEmpty();
        text.Purpose.Should().Be(text.Joined);
    }

    [Fact]
    public void Adds_no_second_space_where_a_line_ends_with_one()
    {
        RemittanceText.Parse("Grundsteuer ", "2026").Joined.Should().Be("Grundsteuer 2026");
    }

    [Fact]
    public void Splits_the_German_tags_in_plus_style()
    {
        var text = RemittanceText.Parse("EREF+RE-2026-17 KREF+K-1 MREF+M-0815 CRED+DE98ZZZ09999999999 SVWZ+Grundsteuer KZ 1008454561158 ABWA+Erika Mustermann ABWE+Kreiskasse");

        text.Tags.Select(t => t.Name).Should().Equal("EREF", "KREF", "MREF", "CRED", "SVWZ", "ABWA", "ABWE");
        text.EndToEndReference.Should().Be("RE-2026-17");
        text.CustomerReference.Should().Be("K-1");
        text.MandateReference.Should().Be("M-0815");
        text.CreditorId.Should().Be("DE98ZZZ09999999999");
        text.Tag("SVWZ").Should().Be("Grundsteuer KZ 1008454561158");
        text.DeviatingOriginator.Should().Be("Erika Mustermann");
        text.DeviatingRecipient.Should().Be("Kreiskasse");
        text.Purpose.Should().Be("Grundsteuer KZ 1008454561158");
        text.SearchJoined.Should().Be("RE-2026-17 K-1 M-0815 Grundsteuer KZ 1008454561158", "identifiers, names and IBANs are left out of the search");
    }

    [Fact]
    public void Splits_the_tags_in_colon_style()
    {
        var text = RemittanceText.Parse("EREF:1008454561158 SVWZ:Grundsteuer 2026");
        text.EndToEndReference.Should().Be("1008454561158");
        text.Tag("SVWZ").Should().Be("Grundsteuer 2026");
    }

    [Fact]
    public void A_tag_continues_across_lines_and_a_new_line_may_start_a_tag()
    {
        var text = RemittanceText.Parse("SVWZ+Grundsteuer KZ 10084545", "61158", "EREF+ABC");
        text.Tag("SVWZ").Should().Be("Grundsteuer KZ 10084545 61158");
        text.EndToEndReference.Should().Be("ABC");
        text.SearchConcatenated.Should().Contain("1008454561158");
    }

    [Theory]
    [InlineData("Kassenzeichen: 1008454561158")]
    [InlineData("XEREF+1")]
    [InlineData("Rechnung eref+1")]
    public void Words_that_only_look_like_tags_are_text(string line)
    {
        var text = RemittanceText.Parse(line);
        text.Tags.Should().BeEmpty();
        text.FreeText.Should().Be(line);
    }

    [Fact]
    public void NOTPROVIDED_is_empty()
    {
        RemittanceText.Parse("NOTPROVIDED").IsEmpty.Should().BeTrue();
        RemittanceText.Parse("notprovided ").SearchTexts.Should().BeEmpty();
        var tagged = RemittanceText.Parse("EREF+NOTPROVIDED SVWZ+Hundesteuer");
        tagged.EndToEndReference.Should().BeNull();
        tagged.Tags.Should().ContainSingle().Which.Should().Be(new RemittanceTag("SVWZ", "Hundesteuer"));
        RemittanceText.IsNotProvided(" NOTPROVIDED ").Should().BeTrue();
    }

    [Fact]
    public void Free_text_before_the_first_tag_is_kept()
    {
        var text = RemittanceText.Parse("Rechnung 17 EREF+X1 SVWZ+Grundsteuer");
        text.FreeText.Should().Be("Rechnung 17");
        text.Purpose.Should().Be("Rechnung 17 Grundsteuer");
    }

    [Fact]
    public void No_lines_give_the_empty_text()
    {
        RemittanceText.Parse([]).Should().BeSameAs(RemittanceText.Empty);
        RemittanceText.Parse((IEnumerable<string?>?)null).IsEmpty.Should().BeTrue();
        RemittanceText.Empty.Joined.Should().BeEmpty();
    }

    [Fact]
    public void The_kassenzeichen_fixture_gives_searchable_texts_for_every_spelling()
    {
        var entries = Fixtures.Read("053_08_kassenzeichen_variants.xml").Statement.Entries;
        var texts = entries.Select(e => e.Transactions[0].Remittance).ToList();

        texts[8].SearchConcatenated.Should().Contain("1008454561158", "the Kassenzeichen is split across two lines");
        texts[9].Tag("SVWZ").Should().Be("Grundsteuer KZ 1008454561158");
        texts[9].EndToEndReference.Should().BeNull("EREF+NOTPROVIDED is no reference");
        texts[10].EndToEndReference.Should().Be("1008454561158");
        texts[11].DeviatingOriginator.Should().Be("Erika Mustermann");
        texts[11].SearchConcatenated.Should().Contain("1008454561158");
        texts[19].IsEmpty.Should().BeTrue();
    }
}
