using System.Text;
using PaymentRecon.Providers;

namespace PaymentRecon.Core.Tests.Providers;

public sealed class ProviderReportReaderTests
{
    /// <summary>The GiroCheckout-style layout documented in the README: cents, a credit/debit column, gross payouts.</summary>
    public static readonly ProviderProfile Giro = new()
    {
        Name = "girocheckout",
        AmountUnit = AmountUnit.Cents,
        SignHandling = SignHandling.SignColumn,
        Columns = new ProviderColumns
        {
            TransactionId = "gcReference",
            Reference = "Kassenzeichen",
            Gross = "Betrag",
            Fee = null,
            Net = null,
            Currency = "Waehrung",
            PaymentDate = "Datum",
            PayoutId = "Auszahlung",
            Status = null,
            Sign = "SH",
        },
    };

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    private static (List<ProviderReportLine> Lines, ProviderReportReader Reader) Read(ProviderProfile profile, string path)
    {
        using var stream = File.OpenRead(path);
        var reader = new ProviderReportReader(profile);
        return (reader.Read(stream).ToList(), reader);
    }

    private static (List<ProviderReportLine> Lines, ProviderReportReader Reader) ReadText(ProviderProfile profile, string text, Encoding? encoding = null)
    {
        using var stream = new MemoryStream((encoding ?? Encoding.UTF8).GetBytes(text));
        var reader = new ProviderReportReader(profile);
        return (reader.Read(stream).ToList(), reader);
    }

    [Fact]
    public void Read_TakesPayPalPaymentsRefundsAndWithdrawal_WhenActivityDownload()
    {
        var (lines, reader) = Read(ProviderProfile.PayPal, Fixture("providers", "paypal", "paypal-activity-2026-11-27.csv"));

        reader.Problems.Should().BeEmpty();
        reader.SkippedRows.Should().Be(2, "the pending payment and the authorization move no money");
        lines.Select(l => l.TransactionId).Should().Equal("1AB23456CD789012E", "2BC34567DE890123F", "5EF67890GH123456J", "6FG78901HJ234567K");
        lines[0].Should().BeEquivalentTo(new
        {
            LineNumber = 2,
            Kind = ProviderLineKind.Transaction,
            Reference = "2000000000011",
            Gross = Money.Eur(45.00m),
            Fee = Money.Eur(1.20m),
            Net = Money.Eur(43.80m),
            PaymentDate = new DateOnly(2026, 11, 27),
            PaymentTime = (TimeOnly?)new TimeOnly(9, 12, 3),
        });
        lines[1].Reference.Should().Be("KZ 2000000000020", "the Custom Number stands in for an empty Invoice Number");
        lines[1].Gross.Should().Be(Money.Eur(1250.00m));
        lines[2].Should().BeEquivalentTo(new { Gross = Money.Eur(-20.00m), Fee = Money.Eur(-0.35m), Net = Money.Eur(-19.65m) });
        lines[3].Should().BeEquivalentTo(new { Kind = ProviderLineKind.Payout, PayoutId = "6FG78901HJ234567K", Net = Money.Eur(-1256.30m) });
        lines.Where(l => l.Kind == ProviderLineKind.Transaction).Sum(l => l.Net.Amount).Should().Be(-lines[3].Net.Amount, "the withdrawal pays out exactly the lines");
    }

    [Fact]
    public void Read_TakesGermanNumbersAndPayoutIds_WhenGenericLayout()
    {
        var (lines, reader) = Read(ProviderProfile.Generic, Fixture("providers", "generic", "generic-2026-11-27.csv"));

        reader.Problems.Should().BeEmpty();
        lines.Should().HaveCount(4);
        lines[1].Should().BeEquivalentTo(new { Gross = Money.Eur(1234.56m), Fee = Money.Eur(12.35m), Net = Money.Eur(1222.21m), PayoutId = "PO-20261127-01" });
        lines[2].Should().BeEquivalentTo(new { Reference = "Bestellung 4711", PaymentDate = new DateOnly(2026, 11, 27) });
        lines[3].PayoutId.Should().Be("PO-20261128-01");
        lines.Should().OnlyContain(l => l.Gross - l.Fee == l.Net);
    }

    [Fact]
    public void Read_ConvertsCentsAndSignColumn_WhenGiroCheckoutStyle()
    {
        var (lines, reader) = Read(Giro, Fixture("providers", "girocheckout", "giro-2026-11-27.csv"));

        reader.Problems.Should().BeEmpty();
        lines.Select(l => l.Gross.Amount).Should().Equal(12.50m, 9.90m, -9.90m, 1000.05m);
        lines[0].Gross.Amount.Scale.Should().Be(2, "cents keep the currency's two decimals");
        lines.Should().OnlyContain(l => l.Fee.IsZero && l.Net == l.Gross, "this provider pays gross and debits fees monthly");
    }

    [Fact]
    public void Read_ReportsLineAndColumn_WhenGrossMinusFeeIsNotNet()
    {
        var (lines, reader) = Read(ProviderProfile.Generic, Fixture("providers", "bad", "generic-net-mismatch.csv"));

        lines.Should().ContainSingle();
        var problem = reader.Problems.Should().ContainSingle().Subject;
        problem.Location.Should().Be("line 3, column Netto");
        problem.Value.Should().Be("39,50");
        problem.Message.Should().Contain("40.00 − 0.60 = 39.40");
    }

    [Fact]
    public void Read_ReportsMissingColumn_WhenHeaderLacksRequiredOne()
    {
        var (lines, reader) = ReadText(ProviderProfile.Generic, "TransaktionsId;Referenz;Netto;Datum\nA;1;2,00;27.11.2026\n");

        lines.Should().BeEmpty();
        reader.Problems.Should().ContainSingle().Which.Message.Should().Contain("'Brutto'");
    }

    [Theory]
    [InlineData("12,345", "Mehr als 2 Nachkommastellen")]
    [InlineData("12.34", "Tausendertrennzeichen")]
    [InlineData("1x", "unerwartetes Zeichen")]
    public void Read_ReportsAmountProblem_WhenAmountIsMalformed(string gross, string reason)
    {
        var (lines, reader) = ReadText(ProviderProfile.Generic, $"TransaktionsId;Referenz;Brutto;Datum\nA;1;{gross};27.11.2026\n");

        lines.Should().BeEmpty();
        reader.Problems.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Location = "line 2, column Brutto", Value = gross }).And
            .Match<PaymentRecon.Inbox.ImportProblem>(p => p.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ReportsDuplicate_WhenTransactionIdRepeatsInFile()
    {
        var (lines, reader) = ReadText(ProviderProfile.Generic, "TransaktionsId;Referenz;Brutto;Datum\nA;1;1,00;27.11.2026\nA;2;2,00;27.11.2026\n");

        lines.Should().ContainSingle();
        reader.Problems.Should().ContainSingle().Which.Location.Should().Be("line 3, column TransaktionsId");
    }

    [Fact]
    public void Read_ReportsEncoding_WhenBytesAreNotUtf8()
    {
        var (_, reader) = ReadText(ProviderProfile.Generic, "TransaktionsId;Referenz;Brutto;Datum\nA;Gebühr;1,00;27.11.2026\n", Encoding.Latin1);

        reader.Problems.Should().ContainSingle().Which.Message.Should().Contain("utf-8");
    }

    [Fact]
    public void Read_ReportsSign_WhenSignColumnHasUnknownValue()
    {
        var (_, reader) = ReadText(Giro, "gcReference;Kassenzeichen;Betrag;Waehrung;Datum;SH;Auszahlung\nG1;1;100;EUR;27.11.2026;X;P\n");

        reader.Problems.Should().ContainSingle().Which.Location.Should().Be("line 2, column SH");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void Read_ReportsMissingHeader_WhenFileIsEmpty(string text)
    {
        var (lines, reader) = ReadText(ProviderProfile.Generic, text);

        lines.Should().BeEmpty();
        reader.Problems.Should().NotBeEmpty().And.OnlyContain(p => p.Location == "line 1");
    }

    [Fact]
    public void Read_ReportsLine_WhenQuoteIsNotClosed()
    {
        var (lines, reader) = ReadText(ProviderProfile.Generic, "TransaktionsId;Referenz;Brutto;Datum\nA;\"1;1,00;27.11.2026\n");

        lines.Should().BeEmpty();
        reader.Problems.Should().NotBeEmpty();
    }
}
