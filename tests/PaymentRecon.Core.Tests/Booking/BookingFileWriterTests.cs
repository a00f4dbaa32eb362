using System.Security.Cryptography;
using System.Text;
using PaymentRecon.Booking;

namespace PaymentRecon.Core.Tests.Booking;

public sealed class BookingFileWriterTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);

    private static readonly BookingLine[] Lines =
    [
        new("B-000001", Satzart.Ist, Day, Day.AddDays(-1), Money.Eur(1234.5m), "1008454561158", "A-2026-17", "PROSOZ-BAU", "1.6100.1000",
            "Jürgen Weiß", "DE02120300000000202051", "KZ 1008 4545 6115 8 Grundsteuer", "2026031000001", "STMT-0310/17", Zuordnung.Auto, "KZ-EXAKT"),
        new("B-000002", Satzart.Vwg, Day, Day, Money.Eur(30m), null, null, null, null,
            "Müller; Söhne \"GbR\"", "DE02120300000000202051", "Zeile 1\nZeile 2; mit \"Zitat\"", null, "STMT-0310/17", Zuordnung.Auto, "KZ-UEBERZAHLUNG"),
        new("B-000003", Satzart.Ist, Day, Day, Money.Eur(-50m), "1008454561158", "A-2026-17", "PROSOZ-BAU", "1.6100.1000",
            "Erika Mustermann", null, "RUECKLASTSCHRIFT", "E2E-2026-001", "STMT-0310/17", Zuordnung.Auto, "RUECKLASTSCHRIFT"),
        new("B-000004", Satzart.Geb, Day, Day, Money.Eur(-3m), null, null, null, null,
            "Erika Mustermann", null, "RUECKLASTSCHRIFT", "E2E-2026-001", "STMT-0310/17", Zuordnung.Auto, "GEBUEHR-RUECKGABE"),
        new("B-000005", Satzart.Vwg, Day, Day, Money.Eur(-0.05m), null, null, null, null,
            null, null, null, null, null, Zuordnung.Manuell, "MANUELL-ZUORDNUNG"),
    ];

    [Fact]
    public void WriteCsv_WritesTheHkrStandardLayout_ByteForByte()
    {
        using var stream = new MemoryStream();

        var sha = BookingFileWriter.WriteCsv(stream, Lines);

        var bytes = stream.ToArray();
        Golden.Verify("BUCHUNGEN_20260310_0001.csv", bytes);
        sha.Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void WriteCsv_HasNoBom_SemicolonsDecimalCommaAndGermanDates()
    {
        using var stream = new MemoryStream();
        BookingFileWriter.WriteCsv(stream, Lines);
        var bytes = stream.ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        var rows = text.Split("\r\n");

        bytes.Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF });
        rows[0].Should().Be("BuchungsId;Satzart;Buchungsdatum;Valuta;Betrag;Waehrung;Kassenzeichen;AnordnungsNr;Verfahren;Haushaltsstelle;Zahlungspflichtiger;IBAN;Verwendungszweck;Bankreferenz;Auszug;Zuordnung;Regel");
        rows[1].Should().StartWith("B-000001;IST;10.03.2026;09.03.2026;1234,50;EUR;1008454561158;");
        text.Should().Contain(";\"Müller; Söhne \"\"GbR\"\"\";").And.Contain("\"Zeile 1\nZeile 2; mit \"\"Zitat\"\"\"");
        text.Should().Contain(";-50,00;").And.Contain(";-3,00;").And.Contain(";-0,05;").And.Contain(";MANUELL;");
    }

    [Fact]
    public void WriteCsv_RefusesAmountsWithMoreThanTwoDecimals()
    {
        using var stream = new MemoryStream();

        var act = () => BookingFileWriter.WriteCsv(stream, [Lines[0] with { Betrag = Money.Eur(1.005m) }]);

        act.Should().Throw<ArgumentException>().WithMessage("*B-000001*");
    }

    [Fact]
    public void WriteControl_WritesCountsSumsHashStatementsAndRunId_ByteForByte()
    {
        using var csv = new MemoryStream();
        var sha = BookingFileWriter.WriteCsv(csv, Lines);
        var control = BookingFileWriter.Summarise("BUCHUNGEN_20260310_0001.csv", "run-2026-03-10-01", Lines, sha,
            [new CoveredStatement("STMT-0310", 17, "DE89370400440532013000")]);
        using var stream = new MemoryStream();

        BookingFileWriter.WriteControl(stream, control);

        control.RecordCount.Should().Be(5);
        control.SumBySatzart[Satzart.Ist].Should().Be(1184.50m);
        control.SumBySatzart[Satzart.Vwg].Should().Be(29.95m);
        control.SumBySatzart[Satzart.Geb].Should().Be(-3m);
        control.Total.Should().Be(1211.45m);
        Golden.Verify("BUCHUNGEN_20260310_0001.json", stream.ToArray());
    }

    [Fact]
    public void OutboxFileNames_FollowTheContract()
    {
        OutboxFileNames.Bookings(Day, 1).Should().Be("BUCHUNGEN_20260310_0001");
        OutboxFileNames.Report(Day, 12).Should().Be("BERICHT_20260310_0012");
    }
}
