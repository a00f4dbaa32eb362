using Dapper;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.IntegrationTests.Infrastructure;
using PaymentRecon.IntegrationTests.Klaerfaelle;

namespace PaymentRecon.IntegrationTests.Reconciliation;

/// <summary>
/// recon.receipt_detail (0017) against what the reconciliation read before it: recon.receipt_keyed
/// with the entry, the statement and the transaction joined again. Both demo days and every camt
/// fixture, so that every kind of receipt is there (single, collective total, statement item,
/// camt.054 item, returns and reversals).
/// </summary>
public sealed class ReceiptDetailTests
{
    private const string Before = """
        SELECT r.receipt_key, r.entry_id, e.statement_id, s.stmt_id, s.electronic_seq,
               r.amount, r.currency, r.credit_debit, r.reversal, r.booking_date, r.value_date, r.acct_svcr_ref, r.entry_gvc,
               r.additional_entry_info, e.btc_domain, e.btc_family, e.btc_sub_family, e.btc_proprietary, e.btc_issuer, e.charges::text,
               t.end_to_end_id, t.mandate_id, t.creditor_reference, t.debtor_name, t.debtor_iban, t.creditor_name, t.creditor_iban,
               t.remittance_lines, t.gvc, t.return_reason_code, t.return_reason_proprietary, t.instructed_amount, t.instructed_currency, t.charges::text,
               t.btc_domain, t.btc_family, t.btc_sub_family, t.btc_proprietary, t.btc_issuer
        FROM recon.receipt_keyed r
        JOIN recon.entry e ON e.id = r.entry_id
        JOIN recon.statement s ON s.id = e.statement_id
        LEFT JOIN recon.entry_transaction t
          ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
        """;

    private const string After = """
        SELECT r.receipt_key, r.entry_id, r.statement_id, s.stmt_id, s.electronic_seq,
               r.amount, r.currency, r.credit_debit, r.reversal, r.booking_date, r.value_date, r.acct_svcr_ref, r.entry_gvc,
               r.additional_entry_info, r.btc_domain, r.btc_family, r.btc_sub_family, r.btc_proprietary, r.btc_issuer, r.charges::text,
               r.end_to_end_id, r.mandate_id, r.creditor_reference, r.debtor_name, r.debtor_iban, r.creditor_name, r.creditor_iban,
               r.remittance_lines, r.tx_gvc, r.return_reason_code, r.return_reason_proprietary, r.instructed_amount, r.instructed_currency, r.tx_charges::text,
               r.tx_btc_domain, r.tx_btc_family, r.tx_btc_sub_family, r.tx_btc_proprietary, r.tx_btc_issuer
        FROM recon.receipt_detail r
        JOIN recon.statement s ON s.id = r.statement_id
        """;

    // The question AnyNewReceiptMayUndoAsync (now NewReceiptsThatMayUndoAsync) asked before 0017.
    private const string MayUndoBefore = """
        SELECT count(*) > 0
        FROM recon.receipt_keyed r
        LEFT JOIN recon.entry_transaction t
          ON t.statement_id = r.detail_statement_id AND t.entry_index = r.detail_entry_index AND t.tx_index = r.tx_index
        WHERE (r.reversal OR t.return_reason_code IS NOT NULL OR t.return_reason_proprietary IS NOT NULL
               OR t.gvc IN ('108', '109', '193') OR r.entry_gvc IN ('108', '109', '193'))
          AND NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = r.receipt_key)
        """;

    [Fact]
    public async Task Gives_every_receipt_with_the_same_details_as_the_join_it_replaces()
    {
        await using var bed = await LoadedAsync();
        // No fixture has a collective entry whose items do not add up: one of them is made so.
        await using (var connection = await bed.DataSource.OpenConnectionAsync())
        {
            (await connection.ExecuteAsync(
                "UPDATE recon.entry SET detail_state = 'items-inconsistent' WHERE id = (SELECT min(entry_id) FROM recon.receipt_detail WHERE source = 'statement-item')"))
                .Should().Be(1);
        }

        var kinds = await bed.QueryAsync<string>("SELECT DISTINCT source FROM recon.receipt_detail ORDER BY source");
        kinds.Should().Equal("collective-total", "notification-item", "single", "statement-item");
        var count = await bed.ScalarAsync<long>("SELECT count(*) FROM recon.receipt_keyed");
        count.Should().BeGreaterThan(250);
        (await bed.ScalarAsync<long>($"SELECT count(*) FROM ({After}) a")).Should().Be(count);
        (await bed.ScalarAsync<long>($"SELECT count(*) FROM (({Before}) EXCEPT ALL ({After})) d")).Should().Be(0);
        (await bed.ScalarAsync<long>($"SELECT count(*) FROM (({After}) EXCEPT ALL ({Before})) d")).Should().Be(0);
    }

    [Fact]
    public async Task Receipts_by_key_and_the_undo_question_agree_with_the_join_they_replace()
    {
        await using var bed = await LoadedAsync();
        var keys = (await bed.QueryAsync<long>("SELECT receipt_key FROM recon.receipt_keyed ORDER BY receipt_key")).ToArray();
        await using (var connection = await bed.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var rows = await new ReconciliationStore(connection, transaction).ReceiptsAsync([.. keys.Where((_, i) => i % 3 == 0), -1], CancellationToken.None);
            rows.Select(r => r.Receipt.Id).Should().Equal(keys.Where((_, i) => i % 3 == 0));
        }

        // Everything decided: nothing may undo.
        (await bed.ScalarAsync<bool>(MayUndoBefore)).Should().BeFalse();
        (await ReconciliationStore.NewReceiptsThatMayUndoAsync(bed.DataSource, CancellationToken.None)).Should().BeEmpty();

        // Undecided again (decisions are append-only; a replica session bypasses that trigger): all
        // but the undoing receipts, then those as well.
        var undoing = await bed.QueryAsync<long>(MayUndoBefore.Replace("SELECT count(*) > 0", "SELECT r.receipt_key", StringComparison.Ordinal)
            .Replace("AND NOT EXISTS (SELECT 1 FROM recon.decision d WHERE d.receipt_id = r.receipt_key)", "", StringComparison.Ordinal));
        undoing.Should().NotBeEmpty("the fixtures hold returns and reversals");
        await ForgetDecisionsAsync(bed, "NOT (receipt_id = ANY(@undoing))", undoing);
        (await bed.ScalarAsync<bool>(MayUndoBefore)).Should().BeFalse();
        (await ReconciliationStore.NewReceiptsThatMayUndoAsync(bed.DataSource, CancellationToken.None)).Should().BeEmpty();

        await ForgetDecisionsAsync(bed, "receipt_id = @one", undoing, undoing[^1]);
        (await bed.ScalarAsync<bool>(MayUndoBefore)).Should().BeTrue();
        (await ReconciliationStore.NewReceiptsThatMayUndoAsync(bed.DataSource, CancellationToken.None)).Select(r => r.Receipt.Id).Should().Equal(undoing[^1]);
    }

    private static async Task ForgetDecisionsAsync(KlaerfallTestBed bed, string where, List<long> undoing, long one = 0)
    {
        await using var connection = await bed.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"SET session_replication_role = replica; DELETE FROM recon.decision WHERE {where}; RESET session_replication_role",
            new { undoing = undoing.ToArray(), one });
    }

    private static async Task<KlaerfallTestBed> LoadedAsync()
    {
        var bed = await KlaerfallTestBed.CreateAsync();
        bed.LayDemoInbox("2026-11-27");
        var statements = Path.Combine(bed.Folders.Inbox, "statements");
        foreach (var fixture in Directory.EnumerateFiles(Repository.Path("fixtures", "camt"), "*.xml"))
        {
            File.Copy(fixture, Path.Combine(statements, "fixture_" + Path.GetFileName(fixture)));
        }

        (await bed.RunAsync(new DateOnly(2026, 11, 27))).ExitCode.Should().Be(2, "some camt fixtures are meant to be rejected; the rest is imported");
        return bed;
    }
}
