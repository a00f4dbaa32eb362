using System.Text;
using System.Text.Json;
using PaymentRecon.Booking;
using PaymentRecon.Camt;
using PaymentRecon.Matching;

namespace PaymentRecon.Core.Tests.Booking;

public sealed class RunReportWriterTests
{
    private static RunReport Report() => new()
    {
        RunId = "run-2026-03-10-01",
        BusinessDate = new DateOnly(2026, 3, 10),
        BookingFile = "BUCHUNGEN_20260310_0001.csv",
        Files =
        [
            new ReportFile("camt053_0310.xml", "camt.053", true, []),
            new ReportFile("soll_bau.csv", "soll-standard", false, ["Zeile 4: Betrag „12,345“ hat mehr als zwei Nachkommastellen."]),
        ],
        Statements =
        [
            new ReportStatement("STMT-0310", "DE89370400440532013000", 17, 42,
                new BalanceCheck(BalanceCheckOutcome.Ok, 1000m, 1087m, 150m, 63m, 1, 2, 0m, "ok", []),
                new ControlSumStatement("STMT-0310", 3, 2, 1, 87m, 97m, -10m, 0)),
        ],
        Outcomes = ReportOutcome.Summarise([
            (new MatchDecision(1, MatchOutcome.IstWithSurplus, MatchRules.Overpayment, [], [], [], true, []), Money.Eur(150m)),
            (new MatchDecision(2, MatchOutcome.Return, MatchRules.Return, [], [], [], false, []), Money.Eur(-53m)),
            (new MatchDecision(3, MatchOutcome.OutOfScope, MatchRules.BankFee, [], [], [], false, []), Money.Eur(-10m)),
        ]),
        OutOfScope = [new ReportEntry("STMT-0310", new DateOnly(2026, 3, 10), Money.Eur(-10m), MatchRules.BankFee, "<script>alert('x')</script> Kontoführung")],
        PendingBatches = [new ReportEntry("STMT-0310", new DateOnly(2026, 3, 10), Money.Eur(900m), "SAMMLER", "camt.054 MSG-54-1 fehlt")],
        SequenceAlerts = ["Lücke: nach Auszug 15 folgt 17 (DE89 **** **** **** **30 00)."],
        Klaerfaelle = new ReportKlaerfaelle(1, 30m, 0, 0m, 4, 212.5m),
    };

    [Fact]
    public void WriteHtml_EncodesBankText_AndShowsTheControlSum()
    {
        using var stream = new MemoryStream();

        RunReportWriter.WriteHtml(stream, Report());

        var html = Encoding.UTF8.GetString(stream.ToArray());
        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().NotContain("<script>").And.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        html.Should().Contain("Kontrollsumme stimmt").And.Contain("abgewiesen (Quarantäne)").And.Contain("Zeile 4: Betrag");
        html.Should().Contain("1.087,00 EUR").And.Contain("Rücklastschrift").And.Contain("@media print");
        html.Should().Contain("camt.054 ausstehend").And.Contain("Lücke: nach Auszug 15");
    }

    [Fact]
    public void WriteHtml_FlagsAViolatedControlSum()
    {
        var report = Report() with { ControlSumViolations = [new ControlSumViolation("STMT-0310", "Ntry[7]", "Buchungszeilen ergeben 120,00, der Umsatz beträgt 150,00 EUR.")] };
        using var stream = new MemoryStream();

        RunReportWriter.WriteHtml(stream, report);

        var html = Encoding.UTF8.GetString(stream.ToArray());
        html.Should().Contain("Kontrollsumme verletzt").And.Contain("Ntry[7]");
    }

    [Fact]
    public void WriteJson_WritesEverySection_WithTwoDecimalAmounts()
    {
        using var stream = new MemoryStream();

        RunReportWriter.WriteJson(stream, Report());

        var text = Encoding.UTF8.GetString(stream.ToArray());
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        root.GetProperty("controlSumHolds").GetBoolean().Should().BeTrue();
        root.GetProperty("files")[1].GetProperty("accepted").GetBoolean().Should().BeFalse();
        root.GetProperty("statements")[0].GetProperty("balanceCheck").GetProperty("outcome").GetString().Should().Be("ok");
        root.GetProperty("statements")[0].GetProperty("controlSum").GetProperty("turnover").GetDecimal().Should().Be(87m);
        root.GetProperty("outcomes").GetArrayLength().Should().Be(3);
        root.GetProperty("klaerfaelle").GetProperty("openAfterRunSum").GetRawText().Should().Be("212.50");
        text.Should().Contain("„12,345“").And.Contain("\"sum\": -53.00");
    }
}
