using PaymentRecon.CheckDigits;

namespace PaymentRecon.Core.Tests;

public sealed class KassenzeichenTests
{
    [Fact]
    public void Iso7064_mod_11_10_matches_the_contract_vector()
    {
        CheckDigitCalculator.Iso7064Mod1110("100845456115").Should().Be(8);
        Kassenzeichen.Parse("1008454561158").Value.Should().Be("1008454561158");
    }

    [Theory]
    [InlineData("0794", 5)] // ISO 7064 example: 0794 → 07945
    [InlineData("000000000000", 4)] // the product cycles 9,7,3,6,1,2,4,8,5,10; after twelve zeros it is 7
    public void Iso7064_mod_11_10_more_vectors(string payload, int expected) =>
        CheckDigitCalculator.Iso7064Mod1110(payload).Should().Be(expected);

    [Theory]
    [InlineData("9290701")] // Bundesbank method 00 test numbers
    [InlineData("539290858")]
    [InlineData("1501824")]
    [InlineData("1501832")]
    public void Luhn_accepts_bundesbank_method_00_vectors(string number)
    {
        var format = new KassenzeichenFormat { MinLength = 2, MaxLength = 20, CheckDigit = CheckDigitScheme.Luhn };
        format.Check(number).Should().BeNull();
    }

    [Fact]
    public void Luhn_rejects_a_changed_digit()
    {
        var format = new KassenzeichenFormat { MinLength = 2, MaxLength = 20, CheckDigit = CheckDigitScheme.Luhn };
        format.Check("9290702").Should().Contain("check digit");
    }

    [Theory]
    [InlineData("94012341", CheckDigitScheme.Mod11Weights2To7)] // Bundesbank method 06 example
    [InlineData("5073321010", CheckDigitScheme.Mod11Weights2To7)]
    [InlineData("1234567897", CheckDigitScheme.Mod11Weights2To9)] // 9·2+8·3+...+1·2 = 202, 202 mod 11 = 4, 11 − 4 = 7
    public void Modulo_11_schemes_accept_their_vectors(string number, CheckDigitScheme scheme)
    {
        var format = new KassenzeichenFormat { MinLength = 2, MaxLength = 20, CheckDigit = scheme };
        format.Check(number).Should().BeNull();
    }

    [Fact]
    public void Modulo_11_remainder_rules_are_configurable()
    {
        // 0000000001 with weights 2..9: sum 2 → remainder 2 → check digit 9; take a payload with remainder 1:
        // "6" * weight 2 = 12 → 12 mod 11 = 1.
        var zero = new KassenzeichenFormat { MinLength = 2, MaxLength = 20, CheckDigit = CheckDigitScheme.Mod11Weights2To9, Mod11Remainder1 = Mod11RemainderRule.DigitZero };
        var one = zero with { Mod11Remainder1 = Mod11RemainderRule.DigitOne };
        var invalid = zero with { Mod11Remainder1 = Mod11RemainderRule.Invalid };

        zero.Check("60").Should().BeNull();
        one.Check("61").Should().BeNull();
        one.Check("60").Should().Contain("check digit");
        invalid.Check("60").Should().Contain("cannot exist");
        invalid.Check("61").Should().Contain("cannot exist");

        // Remainder 0: "0" → sum 0.
        zero.Check("00").Should().BeNull();
        (zero with { Mod11Remainder0 = Mod11RemainderRule.DigitOne }).Check("01").Should().BeNull();
    }

    [Theory]
    [InlineData("1008 4545 6115 8")]
    [InlineData("1008.4545.6115.8")]
    [InlineData("1008-4545-6115-8")]
    [InlineData("1008/454561158")]
    [InlineData(" 1008454561158 ")]
    public void Parsing_strips_what_payers_type(string text) =>
        Kassenzeichen.Parse(text).Value.Should().Be("1008454561158");

    [Theory]
    [InlineData("1008454561157", "check digit")] // wrong check digit
    [InlineData("1008454516158", "check digit")] // transposition
    [InlineData("100845456115", "13 characters")]
    [InlineData("10084545611580", "13 characters")]
    [InlineData("100845456115A", "'A'")]
    [InlineData("", "empty")]
    public void Rejects_with_a_reason(string text, string reason)
    {
        KassenzeichenFormat.Default.TryParse(text, out var kz, out var error).Should().BeFalse();
        kz.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Alphanumeric_formats_compute_the_check_digit_over_the_digits()
    {
        // ePayBL-style: a letter prefix, a counter and a check digit, 2..30 characters.
        var format = new KassenzeichenFormat
        {
            Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            MinLength = 2,
            MaxLength = 30,
            CheckDigit = CheckDigitScheme.Iso7064Mod1110,
        };
        var issued = format.WithCheckDigit("BAU2026000123");
        issued.Should().Be("BAU2026000123" + CheckDigitCalculator.Iso7064Mod1110("2026000123"));
        format.Parse(issued.ToLowerInvariant()).Value.Should().Be(issued);
        var typo = issued[..^1] + (char)('0' + ((issued[^1] - '0' + 1) % 10));
        format.Check(typo).Should().Contain("check digit");
    }

    [Fact]
    public void A_format_without_check_digit_only_checks_alphabet_and_length()
    {
        var format = new KassenzeichenFormat { MinLength = 6, MaxLength = 10, CheckDigit = CheckDigitScheme.None };
        format.Check("123456").Should().BeNull();
        format.Check("12345").Should().Contain("6 to 10");
    }

    [Fact]
    public void Invalid_formats_are_reported()
    {
        new KassenzeichenFormat { Alphabet = "0123456789-" }.Validate().Should().ContainSingle().Which.Should().Contain("separators");
        new KassenzeichenFormat { MinLength = 10, MaxLength = 5 }.Validate().Should().ContainSingle().Which.Should().Contain("10..5");
        new KassenzeichenFormat { Alphabet = "ABC" }.Validate().Should().ContainSingle().Which.Should().Contain("digits");
        KassenzeichenFormat.Default.Validate().Should().BeEmpty();
    }

    [Fact]
    public void WithCheckDigit_round_trips_for_every_scheme()
    {
        foreach (var scheme in Enum.GetValues<CheckDigitScheme>())
        {
            var format = new KassenzeichenFormat { MinLength = 2, MaxLength = 20, CheckDigit = scheme, Mod11Remainder1 = Mod11RemainderRule.DigitZero };
            for (var n = 100000; n < 100200; n++)
            {
                var number = format.WithCheckDigit(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                format.Check(number).Should().BeNull(because: $"{number} was issued under {scheme}");
            }
        }
    }
}
