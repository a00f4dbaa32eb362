using PaymentRecon.Receivables;

namespace PaymentRecon.Core.Tests.Receivables;

public sealed class AmountTextTests
{
    [Theory]
    [InlineData("1234,56", "1234.56")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("12.345.678,90", "12345678.90")]
    [InlineData("-30,00", "-30.00")]
    [InlineData("30,00-", "-30.00")]
    [InlineData("+7", "7.00")]
    [InlineData("0,5", "0.50")]
    [InlineData("999", "999.00")]
    [InlineData("-0,00", "0.00")]
    [InlineData("9999999999999,99", "9999999999999.99")]
    public void TryParse_reads_german_amounts(string text, string expected)
    {
        AmountText.TryParse(text, ',', '.', out var amount).Should().BeNull();
        amount.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        amount.Scale.Should().Be(2);
    }

    [Theory]
    [InlineData("12,345", "zwei Nachkommastellen")]
    [InlineData("12.5", "Tausendertrennzeichen")]
    [InlineData("1.2345,00", "Tausendertrennzeichen")]
    [InlineData(".123,00", "Tausendertrennzeichen")]
    [InlineData("12,", "nach dem Dezimaltrennzeichen")]
    [InlineData(",5", "vor dem Dezimaltrennzeichen")]
    [InlineData("12 EUR", "unerwartetes Zeichen")]
    [InlineData("1e3", "unerwartetes Zeichen")]
    [InlineData("12,3a", "unerwartetes Zeichen")]
    [InlineData("99999999999999,00", "zu groß")]
    public void TryParse_rejects_what_is_not_an_exact_amount(string text, string reason) =>
        AmountText.TryParse(text, ',', '.', out _).Should().Contain(reason);

    [Fact]
    public void TryParse_with_a_decimal_point_and_no_thousands_separator()
    {
        AmountText.TryParse("1234.56", '.', null, out var amount).Should().BeNull();
        amount.Should().Be(1234.56m);
        AmountText.TryParse("1,234.56", '.', null, out _).Should().Contain("unerwartetes Zeichen ','");
    }
}
