using System.Text.Json;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests;

/// <summary><c>paymentrecon statements inspect</c> as operators run it: a real process, no database.</summary>
public sealed class StatementsInspectTests
{
    private static readonly Dictionary<string, string?> NoDatabase = [];

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "camt", name);

    [Fact]
    public async Task Json_has_the_contract_fields_and_the_decimals_as_written()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, NoDatabase, "statements", "inspect", "--json", Fixture("053_02_single_credits.xml"));

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var file = json.RootElement.GetProperty("files").EnumerateArray().Single();
        file.GetProperty("path").GetString().Should().Be(Fixture("053_02_single_credits.xml"));
        file.GetProperty("messageType").GetString().Should().Be("camt.053");
        file.GetProperty("version").GetString().Should().Be("001.02");
        file.GetProperty("messageId").GetString().Should().Be("MSG-053-02-0001");

        var statement = file.GetProperty("statements").EnumerateArray().Single();
        statement.GetProperty("id").GetString().Should().Be("2026-11-27-0001");
        statement.GetProperty("electronicSequenceNumber").GetInt64().Should().Be(214);
        statement.GetProperty("legalSequenceNumber").GetInt64().Should().Be(214);
        statement.GetProperty("iban").GetString().Should().Be("DE89370400440532013000");
        statement.GetProperty("currency").GetString().Should().Be("EUR");
        statement.GetProperty("openingBalance").GetRawText().Should().Be("10000.00");
        statement.GetProperty("closingBalance").GetRawText().Should().Be("10430.55");
        statement.GetProperty("balanceCheck").GetString().Should().Be("ok");
        statement.GetProperty("entryCount").GetInt32().Should().Be(3);
        statement.GetProperty("creditSum").GetRawText().Should().Be("430.55");
        statement.GetProperty("debitSum").GetRawText().Should().Be("0");

        var entries = statement.GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("amount").GetRawText()).Should().Equal("120.50", "300", "10.05");
        var first = entries[0];
        first.GetProperty("status").GetString().Should().Be("BOOK");
        first.GetProperty("bookingDate").GetString().Should().Be("2026-11-27");
        first.GetProperty("valueDate").GetString().Should().Be("2026-11-27");
        first.GetProperty("accountServicerReference").GetString().Should().Be("2026112700001");
        first.GetProperty("reversal").GetBoolean().Should().BeFalse();
        first.GetProperty("bankTransactionCode").GetProperty("gvc").GetString().Should().Be("166");
        entries[1].GetProperty("accountServicerReference").ValueKind.Should().Be(JsonValueKind.Null, "NONREF is no reference");

        var transaction = first.GetProperty("transactions").EnumerateArray().Single();
        transaction.GetProperty("amount").GetRawText().Should().Be("120.50");
        transaction.GetProperty("endToEndId").ValueKind.Should().Be(JsonValueKind.Null, "NOTPROVIDED is no reference");
        transaction.GetProperty("mandateId").ValueKind.Should().Be(JsonValueKind.Null);
        transaction.GetProperty("remittanceInformation").GetString().Should().Be("Grundsteuer 2026 Kassenzeichen 1008454561158");
        transaction.GetProperty("creditorReference").ValueKind.Should().Be(JsonValueKind.Null);
        transaction.GetProperty("debtorName").GetString().Should().Be("Jürgen Müller-Weiß");
        transaction.GetProperty("debtorIban").GetString().Should().Be("DE84760260000001234567");
        transaction.GetProperty("returnReason").ValueKind.Should().Be(JsonValueKind.Null);
        transaction.GetProperty("charges").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Json_shows_returns_charges_batches_and_a_zip_in_content_order()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, NoDatabase, "statements", "inspect", "--json",
            Fixture("053_02_return_md06_with_charges.xml"), Fixture("053_08_batch_with_txdtls.xml"), Fixture("statements.zip"));

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        files.Should().HaveCount(6);

        var returned = files[0].GetProperty("statements")[0].GetProperty("entries")[0];
        returned.GetProperty("amount").GetRawText().Should().Be("-53.00");
        var transaction = returned.GetProperty("transactions")[0];
        transaction.GetProperty("returnReason").GetString().Should().Be("MD06");
        transaction.GetProperty("mandateId").GetString().Should().Be("MANDAT-0042");
        transaction.GetProperty("charges")[0].GetProperty("amount").GetRawText().Should().Be("-3.00");

        var batch = files[1].GetProperty("statements")[0].GetProperty("entries")[1];
        batch.GetProperty("batchCheck").GetProperty("outcome").GetString().Should().Be("mismatch");

        files.Skip(2).Select(f => Path.GetFileName(f.GetProperty("path").GetString()))
            .Should().Equal(
                "statements.zip!2026-11-26_C53_DE02120300000000202051_EUR_000999.xml",
                "statements.zip!2026-11-27_C53_DE02120300000000202051_EUR_000001.xml",
                "statements.zip!2026-11-26_C53_DE89370400440532013000_EUR_004711.xml",
                "statements.zip!2026-11-27_C53_DE89370400440532013000_EUR_000917.xml");
    }

    [Fact]
    public async Task An_unreadable_file_yields_error_instead_of_statements_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, NoDatabase, "statements", "inspect", "--json",
            Fixture("053_08_reversal.xml"), Fixture(Path.Combine("invalid", "eur_three_decimals.xml")), folder.Combine("missing.xml"));

        result.ExitCode.Should().Be(2, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        files[0].TryGetProperty("statements", out _).Should().BeTrue();
        files[1].TryGetProperty("statements", out _).Should().BeFalse();
        files[1].GetProperty("error").GetString().Should().Contain("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt (line 53)").And.Contain("never rounded");
        files[2].GetProperty("error").GetString().Should().Contain("missing.xml");
    }

    [Fact]
    public async Task Without_json_it_prints_a_readable_summary_per_statement()
    {
        using var folder = new TempFolder();
        var result = await ProgramRunner.RunAsync(folder.Path, NoDatabase, "statements", "inspect",
            Fixture("053_08_balance_mismatch.xml"), Fixture(Path.Combine("invalid", "billion_laughs.xml")));

        result.ExitCode.Should().Be(2, result.Error);
        result.Output.Should().Contain("camt.053 version 001.08, MsgId MSG-053-08-0006")
            .And.Contain("statement 2026-11-27-0008")
            .And.Contain("balance check: mismatch")
            .And.Contain("billion_laughs.xml: REJECTED")
            .And.Contain("DTD");
    }
}
