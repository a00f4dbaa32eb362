namespace PaymentRecon.Core.Tests;

public sealed class MoneyTests
{
    [Fact]
    public void Adds_and_subtracts_exactly()
    {
        var sum = Money.Eur(0.10m) + Money.Eur(0.20m);
        sum.Should().Be(Money.Eur(0.30m));
        (Money.Eur(100m) - Money.Eur(0.01m)).Amount.Should().Be(99.99m);
        (-Money.Eur(5m)).Amount.Should().Be(-5m);
    }

    [Fact]
    public void Mixing_currencies_is_an_error()
    {
        var usd = new Money(1m, Currency.Parse("USD"));
        FluentActions.Invoking(() => Money.Eur(1m) + usd).Should().Throw<ArgumentException>().WithMessage("*EUR*USD*");
        FluentActions.Invoking(() => Money.Eur(1m) < usd).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Default_money_takes_part_in_no_arithmetic() =>
        FluentActions.Invoking(() => default(Money) + Money.Eur(1m)).Should().Throw<ArgumentException>().WithMessage("*default*");

    [Theory]
    [InlineData("12.34", true)]
    [InlineData("12.340", true)]
    [InlineData("12.345", false)]
    [InlineData("0.00001", false)]
    [InlineData("12", true)]
    public void Knows_whether_an_amount_fits_the_currency(string amount, bool fits) =>
        Money.Eur(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).FitsMinorUnits.Should().Be(fits);

    [Fact]
    public void Minor_units_follow_iso_4217()
    {
        Currency.Parse("JPY").MinorUnits.Should().Be(0);
        Currency.Parse("KWD").MinorUnits.Should().Be(3);
        Currency.EUR.MinorUnits.Should().Be(2);
        new Money(1.5m, Currency.Parse("JPY")).FitsMinorUnits.Should().BeFalse();
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData(null)]
    public void Rejects_what_is_no_currency_code(string? code) =>
        Currency.TryParse(code, out _).Should().BeFalse();

    [Fact]
    public void Keeps_the_scale_it_was_given()
    {
        Money.Eur(10.50m).Scale.Should().Be(2);
        Money.Eur(10.50m).ToString().Should().Be("10.50 EUR");
    }
}
