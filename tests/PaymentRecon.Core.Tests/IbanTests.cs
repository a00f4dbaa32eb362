namespace PaymentRecon.Core.Tests;

public sealed class IbanTests
{
    [Theory]
    [InlineData("DE89370400440532013000")] // ECBS / Wikipedia example
    [InlineData("GB82WEST12345698765432")] // SWIFT registry example
    [InlineData("NL91ABNA0417164300")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("AT611904300234573201")]
    [InlineData("CH9300762011623852957")]
    [InlineData("NO9386011117947")] // shortest registry length
    [InlineData("LC55HEMM000100010012001200023015")] // longest registry length
    public void Accepts_published_examples(string text)
    {
        Iban.TryParse(text, out var iban).Should().BeTrue();
        iban!.Value.Should().Be(text);
    }

    [Theory]
    [InlineData("de89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [InlineData("DE89-3704-0044-0532-0130-00", "DE89370400440532013000")]
    [InlineData(" DE89\u00A03704004405320130 00 ", "DE89370400440532013000")]
    public void Normalises_what_people_write(string text, string expected) =>
        Iban.Parse(text).Value.Should().Be(expected);

    [Theory]
    [InlineData("DE88370400440532013000", "check digits")] // one check digit off
    [InlineData("DE89370400440532013001", "check digits")] // last digit changed
    [InlineData("DE89370400440523013000", "check digits")] // transposition
    [InlineData("DE8937040044053201300", "22 characters")] // too short
    [InlineData("XX89370400440532013000", "not an IBAN country")]
    [InlineData("DE89 3704 0044 0532 0130 0!", "only letters and digits")]
    [InlineData("", "empty")]
    [InlineData("1234", "country code")]
    public void Rejects_with_a_reason(string text, string reason)
    {
        Iban.TryParse(text, out _).Should().BeFalse();
        Iban.Explain(text).Should().Contain(reason);
        FluentActions.Invoking(() => Iban.Parse(text)).Should().Throw<FormatException>();
    }

    [Fact]
    public void Masked_form_hides_the_account_number()
    {
        var iban = Iban.Parse("DE89370400440532013000");
        iban.Masked.Should().Be("DE89 **** **** **** **30 00");
        iban.ToDisplayString().Should().Be("DE89 3704 0044 0532 0130 00");
        iban.ToString().Should().Be("DE89370400440532013000");
        iban.CountryCode.Should().Be("DE");
    }

    [Fact]
    public void Equal_values_are_equal() =>
        Iban.Parse("de89 3704 0044 0532 0130 00").Should().Be(Iban.Parse("DE89370400440532013000"));
}
