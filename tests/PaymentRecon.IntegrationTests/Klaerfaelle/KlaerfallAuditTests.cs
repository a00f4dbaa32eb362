using System.Globalization;
using Npgsql;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>The audit trail: append-only for every role, refused by privilege for the application role, exported as CSV.</summary>
public sealed class KlaerfallAuditTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Audit_and_decisions_refuse_update_delete_and_truncate_even_for_the_superuser()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var klaerfall = await bed.OpenAsync("KZ 5300000011087");
        (await bed.Actions().AddNoteAsync(klaerfall.Id, "geprüft", null, KlaerfallTestBed.Clerk, None)).Succeeded.Should().BeTrue();
        await using var connection = await bed.DataSource.OpenConnectionAsync();

        foreach (var sql in new[]
        {
            "UPDATE recon.klaerfall_audit SET note = 'geändert'",
            "DELETE FROM recon.klaerfall_audit",
            "TRUNCATE recon.klaerfall_audit",
            "UPDATE recon.decision SET rule = 'X'",
            "DELETE FROM recon.decision",
            "TRUNCATE recon.decision CASCADE",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await FluentActions.Awaiting(() => command.ExecuteNonQueryAsync()).Should().ThrowAsync<PostgresException>(sql);
            refused.Which.MessageText.Should().Contain("append-only", sql);
        }

        (await bed.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall_audit")).Should().Be(1);
    }

    [Fact]
    public async Task The_application_role_may_read_and_append_the_audit_but_not_change_it()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var klaerfall = await bed.OpenAsync("KZ 5300000011087");
        var login = string.Create(CultureInfo.InvariantCulture, $"recon_app_login_{Environment.ProcessId}_{Random.Shared.Next(1_000_000)}");
        await using (var admin = await bed.DataSource.OpenConnectionAsync())
        {
            await using var create = new NpgsqlCommand($"CREATE ROLE {login} LOGIN PASSWORD 'app-secret' IN ROLE recon_app", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(bed.ConnectionString) { Username = login, Password = "app-secret", Pooling = false };
        await using var app = new NpgsqlConnection(builder.ConnectionString);
        await app.OpenAsync();
        (await Scalar<bool>(app, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).Should().BeFalse();

        // What the application does: act on a Klärfall (writes the audit), read it back.
        await using var appSource = Data.Database.CreateDataSource(builder.ConnectionString);
        var actions = new KlaerfallActions(appSource, FourEyesPolicy.Always);
        (await actions.AddNoteAsync(klaerfall.Id, "als App-Rolle", null, KlaerfallTestBed.Clerk, None)).Succeeded.Should().BeTrue();
        (await Scalar<long>(app, "SELECT count(*) FROM recon.klaerfall_audit")).Should().Be(1);

        foreach (var sql in new[]
        {
            "UPDATE recon.klaerfall_audit SET note = 'geändert'",
            "DELETE FROM recon.klaerfall_audit",
            "TRUNCATE recon.klaerfall_audit",
            "ALTER TABLE recon.klaerfall_audit DISABLE TRIGGER klaerfall_audit_append_only",
            "DROP TABLE recon.klaerfall_audit",
            "UPDATE recon.decision SET rule = 'X'",
            "DELETE FROM recon.decision",
        })
        {
            await using var command = new NpgsqlCommand(sql, app);
            var refused = await FluentActions.Awaiting(() => command.ExecuteNonQueryAsync()).Should().ThrowAsync<PostgresException>(sql);
            refused.Which.SqlState.Should().BeOneOf([PostgresErrorCodes.InsufficientPrivilege], sql);
        }

        (await Scalar<string>(app, "SELECT note FROM recon.klaerfall_audit")).Should().Be("als App-Rolle");
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task Csv_export_has_german_headers_and_every_manual_and_automatic_entry_of_the_period()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var klaerfall = await bed.OpenAsync("KZ 5200000010020");
        var proposal = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010027")], "KASSENZEICHEN_FEHLERHAFT", "Zahlendreher; siehe \"Bescheid\"", KlaerfallTestBed.Clerk, None);
        await actions.ApproveAsync(proposal.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        var count = await bed.Queries.WriteAuditCsvAsync(today.AddDays(-1), today.AddDays(1), zone, text, None);

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Zeitpunkt;Klärfall;Quelle;Benutzer;Aktion;Aktion (Text);Begründungscode;Begründung;Notiz / Gründe;Regel;Vorschlag;Vorher;Nachher");
        count.Should().BeGreaterThanOrEqualTo(27 + 4, "every Klärfall's first decision, and propose, approve, book and the manual decision");
        text.ToString().Should().Contain(";anna;propose-assign;Zuordnung vorgeschlagen;KASSENZEICHEN_FEHLERHAFT;Kassenzeichen fehlerhaft angegeben (Tipp- oder Zahlendreher);\"Zahlendreher; siehe \"\"Bescheid\"\"\";");
        text.ToString().Should().Contain(";carla;approve;Vorschlag freigegeben;VORSCHLAG_GEPRUEFT;");
        lines.Skip(1).Should().OnlyContain(l => l.Length > 20);
        var outside = new StringWriter(CultureInfo.InvariantCulture);
        (await bed.Queries.WriteAuditCsvAsync(new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 31), zone, outside, None)).Should().Be(0);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
