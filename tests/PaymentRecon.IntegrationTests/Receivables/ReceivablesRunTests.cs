using Dapper;
using Npgsql;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Receivables;

/// <summary><c>paymentrecon run</c> on an inbox holding every receivables fixture, as operators run it.</summary>
public sealed class ReceivablesRunTests : IDisposable
{
    private static readonly string[] Rejected =
    [
        "bad-check-digit-line-7.csv", "bad-conflict-with-01.csv", "bad-invalid-date.csv", "bad-invalid-iban.csv",
        "bad-missing-required.csv", "bad-three-decimals.csv", "bad-windows-1252-without-profile.csv", "soll.csv",
    ];

    private static readonly string[] Taken =
    [
        "01-standard.csv", "02-standard-bom.csv", "03-thousands-separators.csv", "04-iso-dates.csv", "05-absetzung.csv",
        "06-repeat-of-01.csv", "AVVISO_20261127.csv", "bau-gebuehren.csv", "iso-export.csv",
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_imports_the_good_files_quarantines_the_bad_ones_and_exits_2()
    {
        var connectionString = await TestDatabase.CreateAsync();
        CopyFixtures();

        var result = await RunAsync(connectionString);

        result.ExitCode.Should().Be(2, result.Error);
        result.Output.Should().Contain("8 file(s) rejected").And.Contain("Soll-Datei 06-repeat-of-01.csv: übernommen");
        Directory.GetFiles(_folder.Combine("quarantine")).Select(Path.GetFileName).Should()
            .BeEquivalentTo(Rejected.SelectMany(f => new[] { f, f + ".error.txt" }));
        Directory.GetFiles(_folder.Combine("archive", "2026-11-27")).Select(Path.GetFileName).Should().BeEquivalentTo(Taken);
        Directory.EnumerateFiles(_folder.Combine("inbox", "receivables"), "*.csv", SearchOption.AllDirectories).Should().BeEmpty();

        (await File.ReadAllTextAsync(_folder.Combine("quarantine", "bad-check-digit-line-7.csv.error.txt")))
            .Should().Contain("line 7, column Kassenzeichen").And.Contain("Prüfziffer des Kassenzeichens stimmt nicht");
        (await File.ReadAllTextAsync(_folder.Combine("quarantine", "soll.csv.error.txt"))).Should().Contain("Unbekanntes Profil 'nicht-konfiguriert'");
        (await File.ReadAllTextAsync(_folder.Combine("quarantine", "bad-conflict-with-01.csv.error.txt"))).Should().Contain("Bisher:").And.Contain("Jetzt:");

        await using var connection = new NpgsqlConnection(connectionString);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.soll")).Should().Be(5 + 2 + 3 + 2 + 1 + 1 + 1 + 3 + 3);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.soll WHERE verfahren = 'GEWERBE' AND anordnungs_nr LIKE 'GEW-2026-01%'"))
            .Should().Be(0, "nothing of a quarantined file is imported");
        (await connection.ExecuteScalarAsync<decimal>("SELECT sum(open_amount) FROM recon.soll WHERE kassenzeichen = '2006100000176'")).Should().Be(90m);
        (await connection.ExecuteScalarAsync<string>("SELECT schuldner FROM recon.soll WHERE anordnungs_nr = 'ALT-0001'")).Should().Be("Günther Größe");
        var summary = await connection.ExecuteScalarAsync<string>("SELECT summary::text FROM recon.run");
        summary.Should().Contain("\"files\"").And.Contain("Quarantined").And.Contain("05-absetzung.csv");
    }

    [Fact]
    public async Task A_second_run_with_the_same_rows_in_a_new_file_skips_them_and_exits_0()
    {
        var connectionString = await TestDatabase.CreateAsync();
        var inbox = _folder.Combine("inbox", "receivables");
        Directory.CreateDirectory(inbox);
        File.Copy(Path.Combine(FixtureFolder.Receivables, "01-standard.csv"), Path.Combine(inbox, "01-standard.csv"));
        (await RunAsync(connectionString)).ExitCode.Should().Be(0);

        File.Copy(Path.Combine(FixtureFolder.Receivables, "06-repeat-of-01.csv"), Path.Combine(inbox, "06-repeat-of-01.csv"));
        var second = await RunAsync(connectionString);

        second.ExitCode.Should().Be(0, second.Error);
        second.Output.Should().Contain("3 Soll-Zeilen, 1 neu").And.Contain("2 unverändert");
        await using var connection = new NpgsqlConnection(connectionString);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.soll")).Should().Be(6);
    }

    [Fact]
    public async Task An_invalid_profile_configuration_is_listed_and_exits_3()
    {
        await File.WriteAllTextAsync(_folder.Combine("paymentrecon.json"), """
            { "PaymentRecon": { "Receivables": { "Profiles": { "kaputt": { "Delimiter": ";;", "Encoding": "klingon-8", "KassenzeichenFormat": "fehlt" } } } } }
            """);

        var result = await RunAsync(await TestDatabase.CreateAsync());

        result.ExitCode.Should().Be(3);
        result.Error.Should().Contain("Receivables: Profiles:kaputt: Delimiter").And.Contain("klingon-8").And.Contain("'fehlt' is not defined");
    }

    private void CopyFixtures()
    {
        var inbox = _folder.Combine("inbox", "receivables");
        foreach (var source in Directory.EnumerateFiles(FixtureFolder.Receivables, "*.csv", SearchOption.AllDirectories))
        {
            var target = Path.Combine(inbox, Path.GetRelativePath(FixtureFolder.Receivables, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        File.Copy(Path.Combine(FixtureFolder.Receivables, "paymentrecon.json"), _folder.Combine("paymentrecon.json"));
    }

    private Task<ProgramResult> RunAsync(string connectionString) =>
        ProgramRunner.RunAsync(_folder.Path, new Dictionary<string, string?> { ["PAYMENTRECON_DB"] = connectionString }, "run", "--date", "2026-11-27");
}
