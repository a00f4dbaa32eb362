using PaymentRecon.Booking;

namespace PaymentRecon.Core.Tests.Booking;

public sealed class GermanFormatTests
{
    [Theory]
    [InlineData("0", "0,00")]
    [InlineData("5.5", "5,50")]
    [InlineData("-3", "-3,00")]
    [InlineData("999.99", "999,99")]
    [InlineData("1000", "1.000,00")]
    [InlineData("-1234567.8", "-1.234.567,80")]
    [InlineData("123456", "123.456,00")]
    public void Number_WritesGermanGrouping(string value, string expected) =>
        GermanFormat.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);

    [Fact]
    public void FileAmount_HasNoGrouping() => GermanFormat.FileAmount(-1234567.8m).Should().Be("-1234567,80");
}
