using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaymentRecon.Data;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Receivables;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.Receivables;

namespace PaymentRecon.IntegrationTests.Receivables;

public sealed class ReceivableImporterTests : IDisposable
{
    private const string Header = "Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n";
    private const string Hundesteuer = "2006100000176";
    private static readonly DateOnly BusinessDate = new(2026, 11, 27);
    private readonly TempFolder _folder = new();
    private readonly List<NpgsqlDataSource> _dataSources = [];

    // As Program.cs does: windows-1252 and ISO-8859-15 exist only once registered.
    static ReceivableImporterTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose()
    {
        _dataSources.ForEach(d => d.Dispose());
        _folder.Dispose();
    }

    [Fact]
    public async Task Imports_every_row_with_its_open_amount_and_content_hash()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = (await ImportAsync(dataSource, runId, Fixture("01-standard.csv"))).Single();

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        outcome.Summary.Should().Contain("5 Soll-Zeilen, 5 neu").And.Contain("Summe neu 1.617,06 EUR");
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string AnordnungsNr, string Kassenzeichen, decimal Betrag, decimal OpenAmount, string? Iban, int LineNumber, int HashLength)>(
            "SELECT anordnungs_nr, kassenzeichen, betrag, open_amount, iban, line_number, octet_length(content_hash) FROM recon.soll ORDER BY id")).ToList();
        rows.Should().HaveCount(5);
        rows[0].Should().Be(("BAU-2026-0001", "1008454561158", 250.00m, 250.00m, "DE89370400440532013000", 2, 32));
        rows.Should().OnlyContain(r => r.OpenAmount == r.Betrag);
    }

    [Fact]
    public async Task A_file_with_a_bad_row_is_quarantined_whole_while_good_files_of_the_same_run_go_on()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcomes = await ImportAsync(dataSource, runId, Fixture("bad-check-digit-line-7.csv"), Fixture("02-standard-bom.csv"));

        outcomes.Select(o => o.Status).Should().Equal(InboxFileStatus.Quarantined, InboxFileStatus.Imported);
        var report = await File.ReadAllTextAsync(_folder.Combine("quarantine", "bad-check-digit-line-7.csv.error.txt"));
        report.Should().Contain("line 7, column Kassenzeichen").And.Contain("Prüfziffer").And.Contain("8000000000060");
        (await AnordnungsNrAsync(dataSource)).Should().Equal("BAU-2026-0010", "BAU-2026-0011");
    }

    [Fact]
    public async Task A_repeated_identical_row_is_skipped_and_new_rows_of_the_file_are_taken()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Fixture("01-standard.csv"));

        var outcome = (await ImportAsync(dataSource, runId, Fixture("06-repeat-of-01.csv"))).Single();

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        outcome.Summary.Should().Contain("3 Soll-Zeilen, 1 neu").And.Contain("2 unverändert");
        (await AnordnungsNrAsync(dataSource)).Should().HaveCount(6).And.Contain("BAU-2026-0003");
    }

    [Fact]
    public async Task A_conflicting_redelivery_rejects_the_file_and_shows_both_versions()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Fixture("01-standard.csv"));

        var outcome = (await ImportAsync(dataSource, runId, Fixture("bad-conflict-with-01.csv"))).Single();

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        var problem = outcome.Problems.Should().ContainSingle().Subject;
        problem.Location.Should().Be("line 2, column AnordnungsNr");
        problem.Message.Should().Contain("Datei '01-standard.csv', Zeile 2").And.Contain("Abweichend: Betrag")
            .And.Contain("Bisher: Kassenzeichen 1008454561158, Betrag 250,00").And.Contain("Jetzt: Kassenzeichen 1008454561158, Betrag 275,00");
        (await AnordnungsNrAsync(dataSource)).Should().NotContain("BAU-2026-0004", "nothing of a rejected file is imported");
    }

    [Fact]
    public async Task Two_different_versions_of_a_row_in_one_file_reject_it()
    {
        var (dataSource, runId) = await SetUpAsync();
        var file = Write("twice.csv", Header +
            "V;A1;1008454561158;10,00;01.01.2026;S;;1.2;\n" +
            "V;A1;1008454561158;10,00;01.01.2026;S;;1.2;\n" +
            "V;A1;1008454561158;11,00;01.01.2026;S;;1.2;\n");

        var outcome = (await ImportAsync(dataSource, runId, file)).Single();

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Should().ContainSingle().Which.Message.Should().Contain("Zeile 2 derselben Datei");
        (await AnordnungsNrAsync(dataSource)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_Absetzung_reduces_the_youngest_position_of_its_Kassenzeichen()
    {
        var (dataSource, runId) = await SetUpAsync();

        await ImportAsync(dataSource, runId, Fixture("01-standard.csv"), Fixture("05-absetzung.csv"));

        var open = await OpenAsync(dataSource, Hundesteuer);
        open.Select(o => (o.AnordnungsNr, o.Open.Amount)).Should().Equal(("HST-2026-0100", 60.00m), ("HST-2026-0101", 30.00m));
        open.Should().OnlyContain(o => o.KassenzeichenOpen == Money.Eur(90m));
        open[0].Iban!.Value.Should().Be("DE02120300000000202051");
        await AssertDerivableAsync(dataSource);
    }

    [Fact]
    public async Task An_Absetzung_larger_than_what_is_open_closes_the_Kassenzeichen_and_waits_for_later_Soll()
    {
        var (dataSource, runId) = await SetUpAsync();
        const string kz = "1008454561158";
        await ImportAsync(dataSource, runId, Write("a.csv", Header +
            $"V;A1;{kz};100,00;15.01.2026;S;;1.2;\n" +
            $"V;A2;{kz};100,00;15.03.2026;S;;1.2;\n" +
            $"V;A3;{kz};-150,00;15.03.2026;S;;1.2;\n"));

        (await OpenAsync(dataSource, kz)).Select(o => (o.AnordnungsNr, o.Open.Amount, o.KassenzeichenOpen.Amount)).Should().Equal(("A1", 50.00m, 50.00m));

        await ImportAsync(dataSource, runId, Write("b.csv", Header + $"V;A4;{kz};-80,00;15.04.2026;S;;1.2;\n"));
        (await OpenAsync(dataSource, kz)).Should().BeEmpty("the Kassenzeichen is reduced to a credit of 30");
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            (await connection.ExecuteScalarAsync<decimal>("SELECT sum(open_amount) FROM recon.soll WHERE kassenzeichen = @kz", new { kz })).Should().Be(-30m);
        }

        await ImportAsync(dataSource, runId, Write("c.csv", Header + $"V;A5;{kz};45,00;15.05.2026;S;;1.2;\n"));
        (await OpenAsync(dataSource, kz)).Select(o => (o.AnordnungsNr, o.Open.Amount, o.KassenzeichenOpen.Amount)).Should().Equal(("A5", 15.00m, 15.00m));
        (await ReceivableQueries.KnownKassenzeichenAsync(await dataSource.OpenConnectionAsync(), [kz, "1008454561238"], null, CancellationToken.None))
            .Should().BeEquivalentTo([kz]);
        await AssertDerivableAsync(dataSource);
    }

    [Fact]
    public async Task A_soll_iso_file_and_a_windows_1252_file_import_with_their_profiles()
    {
        var (dataSource, runId) = await SetUpAsync();
        var ansi = ReceivableProfile.Standard with
        {
            Name = "prosoz-ansi",
            Encoding = "windows-1252",
            Columns = new ReceivableColumns { Verfahren = "Fachverfahren", AnordnungsNr = "Anordnung", Kassenzeichen = "KZ", Betrag = "Betrag EUR", Faellig = "Fällig am", Schuldner = "Name", Haushaltsstelle = "HHSt", Text = "Verwendung" },
            Kassenzeichen = new KassenzeichenFormat { MinLength = 10, MaxLength = 10, CheckDigit = CheckDigits.CheckDigitScheme.Luhn },
        };

        var processor = new InboxFileProcessor(dataSource, NullLogger.Instance);
        await processor.ProcessAsync("receivable", [Fixture("soll-iso/iso-export.csv")], runId, BusinessDate, _folder.Combine("archive"), _folder.Combine("quarantine"),
            (file, connection, transaction, ct) => ReceivableImporter.ImportAsync(file, ReceivableProfile.Iso, connection, transaction, ct), CancellationToken.None);
        await processor.ProcessAsync("receivable", [Fixture("prosoz-ansi/bau-gebuehren.csv")], runId, BusinessDate, _folder.Combine("archive"), _folder.Combine("quarantine"),
            (file, connection, transaction, ct) => ReceivableImporter.ImportAsync(file, ansi, connection, transaction, ct), CancellationToken.None);

        await using var db = await dataSource.OpenConnectionAsync();
        var names = await db.QueryAsync<string>("SELECT schuldner FROM recon.soll WHERE verfahren = 'PROSOZ-BAU-ALT' ORDER BY id");
        names.Should().Equal("Günther Größe", "Bäckerei Köhler", "Renée Maßmann");
        (await db.ExecuteScalarAsync<decimal>("SELECT sum(betrag) FROM recon.soll WHERE verfahren = 'LISSA'")).Should().Be(1300.06m);
    }

    private static async Task AssertDerivableAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var mismatches = await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM recon.soll s
            WHERE s.open_amount <> CASE WHEN s.betrag >= 0
                THEN s.betrag - coalesce((SELECT sum(amount) FROM recon.soll_absetzung a WHERE a.soll_id = s.id), 0)
                ELSE s.betrag + coalesce((SELECT sum(amount) FROM recon.soll_absetzung a WHERE a.absetzung_id = s.id), 0) END
            """);
        mismatches.Should().Be(0, "the stored open amount is derivable from the Soll and the allocations");
        var mixed = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM (SELECT kassenzeichen FROM recon.soll GROUP BY kassenzeichen HAVING bool_or(open_amount > 0) AND bool_or(open_amount < 0)) k");
        mixed.Should().Be(0, "no Kassenzeichen has open positions and an unapplied Absetzung at once");
    }

    private static async Task<IReadOnlyList<OpenReceivable>> OpenAsync(NpgsqlDataSource dataSource, string kassenzeichen)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await ReceivableQueries.OpenByKassenzeichenAsync(connection, [kassenzeichen], null, CancellationToken.None);
    }

    private static async Task<List<string>> AnordnungsNrAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>("SELECT anordnungs_nr FROM recon.soll ORDER BY id")];
    }

    private async Task<(NpgsqlDataSource DataSource, long RunId)> SetUpAsync()
    {
        var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        _dataSources.Add(dataSource);
        var runId = await new RunStore(dataSource).StartAsync(BusinessDate, "test", CancellationToken.None);
        return (dataSource, runId);
    }

    private Task<IReadOnlyList<InboxFileOutcome>> ImportAsync(NpgsqlDataSource dataSource, long runId, params string[] files) =>
        new InboxFileProcessor(dataSource, NullLogger.Instance).ProcessAsync(
            "receivable", files, runId, BusinessDate, _folder.Combine("archive"), _folder.Combine("quarantine"),
            (file, connection, transaction, ct) => ReceivableImporter.ImportAsync(file, ReceivableProfile.Standard, connection, transaction, ct),
            CancellationToken.None);

    // A copy in the test's own inbox: the processor moves what it takes.
    private string Fixture(string relative)
    {
        var target = _folder.Combine("inbox", Path.GetFileName(relative));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(FixtureFolder.Receivables, relative), target);
        return target;
    }

    private string Write(string name, string content)
    {
        var path = _folder.Combine("inbox", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
