using System.Globalization;
using Dapper;
using Npgsql;
using PaymentRecon.Data.Reconciliation;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>The control sum as the database adds it up, after a real run of the demo day.</summary>
public sealed class ControlSumQueriesTests
{
    [Fact]
    public async Task Holds_after_a_run_and_names_the_entry_whose_lines_no_longer_add_up()
    {
        using var demo = await DemoRun.CreateAsync();
        demo.LayInbox(DemoRun.Days[0]);
        (await demo.RunAsync(DemoRun.Days[0])).ExitCode.Should().Be(0);
        await using var connection = new NpgsqlConnection(demo.ConnectionString);
        await connection.OpenAsync();
        var statementIds = (await connection.QueryAsync<long>("SELECT id FROM recon.statement WHERE message_type = 53 ORDER BY id")).ToList();
        var expected = (await connection.QueryAsync<(long StatementId, long Entries, decimal Turnover)>(
            "SELECT statement_id, count(*), sum(amount) FROM recon.entry WHERE message_type = 53 AND status = 'BOOK' GROUP BY statement_id ORDER BY statement_id")).ToList();

        var (statements, violations) = await ControlSumQueries.CheckAsync(connection, statementIds, CancellationToken.None);

        violations.Should().BeEmpty();
        statements.Keys.Should().BeEquivalentTo(expected.Select(e => e.StatementId));
        foreach (var (statementId, entries, turnover) in expected)
        {
            var statement = statements[statementId];
            statement.Holds.Should().BeTrue();
            statement.EntryCount.Should().Be((int)entries);
            (statement.BookedCount + statement.OutOfScopeCount).Should().Be((int)entries);
            statement.Turnover.Should().Be(turnover);
            (statement.BookedSum + statement.OutOfScopeSum).Should().Be(turnover);
        }

        // One booked entry gets a line too many, one out-of-scope entry a line at all.
        var booked = await connection.QuerySingleAsync<(long EntryId, string XmlPath, string? Reference, decimal Amount)>(
            """
            SELECT e.id, e.xml_path, e.acct_svcr_ref, e.amount FROM recon.entry e
            WHERE e.message_type = 53 AND EXISTS (SELECT 1 FROM recon.booking b WHERE b.entry_id = e.id)
            ORDER BY e.id DESC LIMIT 1
            """);
        var outOfScope = await connection.QuerySingleAsync<long>(
            "SELECT d.entry_id FROM recon.decision d WHERE d.outcome = 'OutOfScope' ORDER BY d.entry_id LIMIT 1");
        foreach (var entryId in new[] { booked.EntryId, outOfScope })
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO recon.booking (receipt_id, decision_seq, entry_id, statement_id, satzart, buchungsdatum, valuta, betrag, waehrung, zuordnung, regel)
                SELECT b.receipt_id, b.decision_seq, b.entry_id, b.statement_id, 'VWG', b.buchungsdatum, b.valuta, 1.00, 'EUR', 'AUTO', 'TEST'
                FROM recon.booking b WHERE b.entry_id = @entryId
                UNION ALL
                SELECT d.receipt_id, d.seq, d.entry_id, e.statement_id, 'VWG', e.booking_date, e.value_date, 1.00, 'EUR', 'AUTO', 'TEST'
                FROM recon.decision d JOIN recon.entry e ON e.id = d.entry_id
                WHERE d.entry_id = @entryId AND NOT EXISTS (SELECT 1 FROM recon.booking b WHERE b.entry_id = @entryId)
                LIMIT 1
                """,
                new { entryId });
        }

        (statements, violations) = await ControlSumQueries.CheckAsync(connection, statementIds, CancellationToken.None);

        var sumDiffers = string.Create(CultureInfo.InvariantCulture, $"Buchungszeilen ergeben {booked.Amount + 1.00m:0.00}, der Eintrag lautet auf {booked.Amount:0.00}.");
        violations.Should().HaveCount(2);
        violations.Should().ContainSingle(v => v.EntryReference.Contains(booked.XmlPath, StringComparison.Ordinal) && v.Message == sumDiffers);
        violations.Should().ContainSingle(v => v.Message == "Eintrag ist zugleich gebucht und als nicht zu buchen eingeordnet.");
        statements.Values.Sum(s => s.ViolationCount).Should().Be(2);
        statements.Values.Should().Contain(s => !s.Holds);
    }
}
