using Dapper;
using Microsoft.Extensions.Logging;
using PaymentRecon.Camt;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Statements;
using PaymentRecon.IntegrationTests.Builders;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Statements;

public sealed class StatementImporterTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 2);
    private static readonly DateOnly Day2 = new(2026, 11, 3);

    [Fact]
    public async Task Import_StoresStatementEntriesAndTransactions_AsRead()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var message = new StatementBuilder()
            .Entries(
                new EntryBuilder().Credit(10.50m).Reference("A1").Remittance("KZ 1008454561158", "Grundsteuer 2026"),
                new EntryBuilder().Credit(0.5m).Reference("A2"),
                new EntryBuilder().Debit(3.00m).Reference("A3"))
            .Build();

        var outcome = await h.ImportAsync(message);

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        outcome.Summary.Should().Contain("3 Umsätze neu");
        var statements = await new StatementQueries(h.DataSource).StatementsOfRunAsync(h.RunId, CancellationToken.None);
        var statement = statements.Should().ContainSingle().Subject;
        statement.BalanceCheck.Should().Be("ok");
        statement.EntryCount.Should().Be(3);
        statement.BookedCreditSum.Should().Be(11.00m);
        statement.BookedDebitSum.Should().Be(3.00m);
        statement.NewEntryCount.Should().Be(3);
        (await h.ScalarAsync<string>("SELECT amount::text FROM recon.entry WHERE acct_svcr_ref = 'A1'")).Should().Be("10.50");
        (await h.ScalarAsync<string>("SELECT amount::text FROM recon.entry WHERE acct_svcr_ref = 'A2'")).Should().Be("0.5");
        (await h.ScalarAsync<string>("SELECT amount::text FROM recon.entry WHERE acct_svcr_ref = 'A3'")).Should().Be("-3.00");
        (await h.ScalarAsync<string>("SELECT xml_path FROM recon.entry WHERE acct_svcr_ref = 'A3'")).Should().Be("/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]");
        (await h.ScalarAsync<string[]>("SELECT t.remittance_lines FROM recon.entry_transaction t JOIN recon.entry e USING (statement_id, entry_index) WHERE e.acct_svcr_ref = 'A1'"))
            .Should().Equal("KZ 1008454561158", "Grundsteuer 2026");
        (await h.ScalarAsync<string>("SELECT gvc FROM recon.entry WHERE acct_svcr_ref = 'A1'")).Should().Be("166");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(3);
        (await h.ScalarAsync<string>("SELECT f.archive_path FROM recon.entry e JOIN recon.statement s ON s.id = e.statement_id JOIN recon.import_file f ON f.id = s.import_file_id WHERE e.acct_svcr_ref = 'A1'"))
            .Should().Be(outcome.MovedTo);
    }

    [Fact]
    public async Task Import_StoresTheRareTransactionFields_OfARealFile()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var message = CamtReader.Read(new MemoryStream(await File.ReadAllBytesAsync(Repository.Path("fixtures", "camt", "053_08_single_credits.xml"))), "053_08_single_credits.xml");

        var outcome = await h.ImportAsync(message);

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        var details = await h.QueryAsync<string?>("SELECT details::text FROM recon.entry_transaction ORDER BY entry_index, tx_index");
        details[0].Should().Be(
            """{"counterValueAmount": {"amount": 200.00, "currency": "EUR"}, "initiatingPartyName": "Anna Schröder", "proprietaryReference": {"type": "BANKREF", "reference": "PRTRY-4711"}, "announcedPostingAmount": {"amount": 200.00, "currency": "EUR"}}""");
        details.Skip(1).Should().OnlyContain(d => d == null);
        (await h.QueryAsync<string>("SELECT DISTINCT credit_debit FROM recon.entry_transaction")).Should().Equal("CRDT");
        (await h.ScalarAsync<string>("SELECT details->'proprietaryReference'->>'reference' FROM recon.entry_transaction WHERE entry_index = 0")).Should().Be("PRTRY-4711");
    }

    [Fact]
    public async Task Import_AddsNothing_WhenTheSameMessageComesAgainInOtherBytes()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var statement = new StatementBuilder().MessageId("M1").Entries(new EntryBuilder().Reference("A1"), new EntryBuilder().Reference("A2"));

        await h.ImportAsync(statement.Build());
        var second = await h.ImportAsync(statement.Build());

        second.Status.Should().Be(InboxFileStatus.Imported);
        second.Summary.Should().Contain("1 bereits übernommen").And.Contain("0 Umsätze neu, 2 bereits bekannt");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(2);
        (await h.ScalarAsync<string>("SELECT status FROM recon.camt_message ORDER BY id DESC LIMIT 1")).Should().Be("duplicate");
        (await h.ScalarAsync<bool>("SELECT same_message_id_as IS NOT NULL FROM recon.camt_message ORDER BY id DESC LIMIT 1")).Should().BeTrue();
        (await h.ScalarAsync<string>("SELECT status FROM recon.statement ORDER BY id DESC LIMIT 1")).Should().Be("duplicate");
    }

    [Theory]
    [InlineData(CopyDuplicate.Duplicate)]
    [InlineData(CopyDuplicate.Copy)]
    public async Task Import_AddsNothing_ForADuplicateOrCopyOfAnImportedStatement(CopyDuplicate marker)
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var entries = new[] { new EntryBuilder().Reference("A1"), new EntryBuilder().Reference("A2") };
        await h.ImportAsync(new StatementBuilder().MessageId("M1").Entries(entries).Build());

        var again = await h.ImportAsync(new StatementBuilder().MessageId("M1-DUPL").CopyDuplicate(marker).Entries(entries).Build());

        again.Status.Should().Be(InboxFileStatus.Imported);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(2);
        (await h.ScalarAsync<string>("SELECT copy_duplicate || '/' || status FROM recon.statement ORDER BY id DESC LIMIT 1"))
            .Should().Be((marker == CopyDuplicate.Copy ? "COPY" : "DUPL") + "/duplicate");
    }

    [Fact]
    public async Task Import_TakesADuplicateMarkedStatement_WhenTheOriginalNeverArrived()
    {
        await using var h = await StatementImportHarness.CreateAsync();

        await h.ImportAsync(new StatementBuilder().CopyDuplicate(CopyDuplicate.Duplicate).Entries(new EntryBuilder().Reference("A1")).Build());

        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(1);
    }

    [Fact]
    public async Task Import_AddsNothing_WhenTheSameDayComesUnderANewMessageAndStatementId()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var entries = new[] { new EntryBuilder().Reference("A1"), new EntryBuilder().Reference(null).Remittance("Hundesteuer") };
        await h.ImportAsync(new StatementBuilder().MessageId("M1").Statement("S1", 1).Entries(entries).Build());

        var again = await h.ImportAsync(new StatementBuilder().MessageId("M2").Statement("S1-NEU", 1).Entries(entries).Build());

        again.Status.Should().Be(InboxFileStatus.Imported);
        again.Summary.Should().Contain("0 Umsätze neu, 2 bereits bekannt");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("NONREF")]
    public async Task Import_KeepsTwoIdenticalPayments_WithoutUsableReference_AndAddsNothingOnRedelivery(string? reference)
    {
        await using var h = await StatementImportHarness.CreateAsync();
        EntryBuilder Payment() => new EntryBuilder().Credit(10.00m).Reference(reference).Remittance("Kita Beitrag November").EndToEnd(null);

        var first = await h.ImportAsync(new StatementBuilder().MessageId("M1").Statement("S1", 1).Entries(Payment(), Payment(), new EntryBuilder().Reference("A9")).Build());
        var again = await h.ImportAsync(new StatementBuilder().MessageId("M2").Statement("S1-REPEAT", 1).Entries(Payment(), Payment(), new EntryBuilder().Reference("A9")).Build());

        first.Summary.Should().Contain("3 Umsätze neu");
        again.Summary.Should().Contain("0 Umsätze neu, 3 bereits bekannt");
        (await h.QueryAsync<int>("SELECT occurrence FROM recon.entry WHERE identity_kind = 'fingerprint' ORDER BY occurrence")).Should().Equal(1, 2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt WHERE amount = 10.00")).Should().Be(3);
    }

    [Fact]
    public async Task Import_AddsTheThirdPayment_WhenARedeliveryHasOneMoreIdenticalPayment()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        EntryBuilder Payment() => new EntryBuilder().Credit(10.00m).Reference(null).Remittance("Parkgebühr").EndToEnd(null);
        await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(Payment(), Payment()).Build());

        var outcome = await h.ImportAsync(new StatementBuilder().Statement("S1-KORR", 2).Entries(Payment(), Payment(), Payment()).Build());

        outcome.Summary.Should().Contain("1 Umsätze neu, 2 bereits bekannt");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(3);
    }

    [Fact]
    public async Task Import_QuarantinesTheFile_WhenAKnownReferenceComesWithAnotherAmount()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(new EntryBuilder().Credit(10.00m).Reference("R-1")).Build());

        var clash = await h.ImportAsync(new StatementBuilder().Statement("S2", 2)
            .Entries(new EntryBuilder().Reference("NEW-1"), new EntryBuilder().Credit(12.00m).Reference("R-1")).Build());

        clash.Status.Should().Be(InboxFileStatus.Quarantined);
        clash.Problems.Should().ContainSingle().Which.Location.Should().Be("/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/AcctSvcrRef");
        clash.Problems[0].Message.Should().Contain("Bankreferenz bereits übernommen mit anderem Inhalt").And.Contain("10.00").And.Contain("12.00");
        File.ReadAllText(clash.MovedTo + InboxFileProcessor.ErrorFileSuffix).Should().Contain("Bankreferenz");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.statement")).Should().Be(1);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry WHERE acct_svcr_ref = 'NEW-1'")).Should().Be(0);
    }

    [Fact]
    public async Task Import_QuarantinesARedeliveredStatement_ThatBringsEntriesTheFirstDidNotHave()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(new EntryBuilder().Reference("A1")).Build());

        var outcome = await h.ImportAsync(new StatementBuilder().Statement("S1", 1).CopyDuplicate(CopyDuplicate.Duplicate)
            .Entries(new EntryBuilder().Reference("A1"), new EntryBuilder().Reference("A2")).Build());

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Single().Message.Should().Contain("bereits übernommen").And.Contain("1 Umsatz/Umsätze");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(1);
    }

    [Fact]
    public async Task Import_ReportsSequenceGapAndBalanceDiscontinuity_AndResolvesThemWhenTheMissingDayArrives()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Statement("S1", 1, 1).Opening(100.00m).Entry(new EntryBuilder().Credit(10.00m)).Build());

        var third = await h.ImportAsync(new StatementBuilder().Statement("S3", 3, 3).Opening(150.00m).Entry(new EntryBuilder().Credit(5.00m)).Build());

        third.Summary.Should().Contain("Warnung");
        var alerts = await new StatementQueries(h.DataSource).OpenAlertsAsync(CancellationToken.None);
        alerts.Select(a => a.Kind).Should().BeEquivalentTo(["sequence-gap", "legal-sequence-gap", "balance-discontinuity"]);
        alerts.Single(a => a.Kind == "sequence-gap").Message.Should().Contain("auf Auszug S1 (Nr. 1) folgt Auszug S3 (Nr. 3)").And.Contain("es fehlt Nr. 2");
        alerts.Single(a => a.Kind == "balance-discontinuity").Message.Should().Contain("150,00").And.Contain("110,00").And.Contain("40,00");
        var warnings = h.Logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        warnings.Should().Contain(m => m.Contains("sequence-gap", StringComparison.Ordinal) && m.Contains("DE02 **** **** **** **20 51", StringComparison.Ordinal));
        h.Logger.Entries.Should().NotContain(e => e.Message.Contains(StatementBuilder.AccountIban, StringComparison.Ordinal));

        await h.ImportAsync(new StatementBuilder().Statement("S2", 2, 2).Opening(110.00m).Entry(new EntryBuilder().Credit(40.00m)).Build());

        (await new StatementQueries(h.DataSource).OpenAlertsAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_LinksCamt054Details_WhenTheyArriveAfterTheCollectiveEntry()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Entries(
            new EntryBuilder().Credit(60.00m).Reference("B1").Batch(3, "PMTINF-7", "C54-MSG-1"),
            new EntryBuilder().Credit(5.00m).Reference("S1")).Build());

        (await new StatementQueries(h.DataSource).WaitingCollectiveEntriesAsync(CancellationToken.None)).Should().ContainSingle()
            .Which.AdditionalInfoMessageId.Should().Be("C54-MSG-1");
        (await h.QueryAsync<string>("SELECT receipt_id FROM recon.receipt")).Should().HaveCount(1);

        var details = await h.ImportAsync(new StatementBuilder().Type(CamtMessageType.Camt054).MessageId("C54-MSG-1").Statement("N1", null)
            .Entry(new EntryBuilder().Credit(60.00m).Reference("N-B1").Items(10.00m, 20.00m, 30.00m)).Build());

        details.Summary.Should().Contain("1 Sammelbuchung(en) mit Einzelposten verknüpft");
        (await new StatementQueries(h.DataSource).WaitingCollectiveEntriesAsync(CancellationToken.None)).Should().BeEmpty();
        var receipts = await h.QueryAsync<(string Source, decimal Amount)>("SELECT source, amount FROM recon.receipt ORDER BY amount");
        receipts.Should().Equal(("single", 5.00m), ("notification-item", 10.00m), ("notification-item", 20.00m), ("notification-item", 30.00m));
    }

    [Fact]
    public async Task Import_LinksCamt054Details_WhenTheyArriveBeforeTheCollectiveEntry()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Type(CamtMessageType.Camt054).MessageId("C54-ANY").Statement("N1", null)
            .Entry(new EntryBuilder().Credit(30.00m).Reference("N-B1").PaymentInformationId("PMTINF-9").Items(10.00m, 20.00m)).Build());
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(0);

        var statement = await h.ImportAsync(new StatementBuilder().Entry(new EntryBuilder().Credit(30.00m).Reference("B1").Batch(2, "PMTINF-9", null)).Build());

        statement.Summary.Should().Contain("verknüpft");
        (await h.ScalarAsync<string>("SELECT linked_by FROM recon.batch_detail_link")).Should().Be("Btch/PmtInfId");
        (await h.QueryAsync<string>("SELECT source FROM recon.receipt")).Should().Equal("notification-item", "notification-item");
        (await h.ImportAsync(new StatementBuilder().Type(CamtMessageType.Camt054).MessageId("C54-ANY").Statement("N1", null)
            .Entry(new EntryBuilder().Credit(30.00m).Reference("N-B1").PaymentInformationId("PMTINF-9").Items(10.00m, 20.00m)).Build())).Summary.Should().Contain("bereits übernommen");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(2);
    }

    [Fact]
    public async Task Import_KeepsACollectiveEntryWaiting_WhenItsDetailsNeverArriveOrDoNotFit()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Entry(new EntryBuilder().Credit(60.00m).Reference("B1").Batch(3, null, "C54-MSG-1")).Build());

        var wrong = await h.ImportAsync(new StatementBuilder().Type(CamtMessageType.Camt054).MessageId("C54-MSG-1").Statement("N1", null)
            .Entry(new EntryBuilder().Credit(59.00m).Reference("N-B1").Items(29.00m, 30.00m)).Build());

        wrong.Status.Should().Be(InboxFileStatus.Imported);
        var waiting = await new StatementQueries(h.DataSource).WaitingCollectiveEntriesAsync(CancellationToken.None);
        waiting.Should().ContainSingle().Which.Amount.Should().Be(60.00m);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(0);
        (await new StatementQueries(h.DataSource).OpenAlertsAsync(CancellationToken.None)).Should().ContainSingle()
            .Which.Message.Should().Contain("passt nicht").And.Contain("59,00");
    }

    [Fact]
    public async Task Import_OffersTheTotal_WhenTheItemsInTheStatementDoNotAddUp_AndTheItems_WhenTheyDo()
    {
        await using var h = await StatementImportHarness.CreateAsync();

        await h.ImportAsync(new StatementBuilder().Entries(
            new EntryBuilder().Credit(30.00m).Reference("OK").Batch(2, null, null, 10.00m, 20.00m),
            new EntryBuilder().Credit(31.00m).Reference("BAD").Batch(2, null, null, 10.00m, 20.00m)).Build());

        var receipts = await h.QueryAsync<(string Source, decimal Amount)>("SELECT source, amount FROM recon.receipt ORDER BY source, amount");
        receipts.Should().Equal(("collective-total", 31.00m), ("statement-item", 10.00m), ("statement-item", 20.00m));
    }

    [Fact]
    public async Task Import_StoresCamt052AsProvisional_NeverAsReceipt_AndMarksItSupersededByTheCamt053Entry()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        await h.ImportAsync(new StatementBuilder().Type(CamtMessageType.Camt052).Statement("R1", 1).Balances(null, null).Entries(
            new EntryBuilder().Credit(10.00m).Reference("A1").Status(EntryStatus.Pending),
            new EntryBuilder().Credit(12.00m).Reference(null).Remittance("Bußgeld").EndToEnd(null)).Build());

        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.receipt")).Should().Be(0);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry WHERE provisional AND superseded_by IS NULL")).Should().Be(2);

        await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(
            new EntryBuilder().Credit(10.00m).Reference("A1"),
            new EntryBuilder().Credit(12.00m).Reference(null).Remittance("Bußgeld").EndToEnd(null)).Build());

        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry WHERE provisional AND superseded_by IS NULL")).Should().Be(0);
        (await h.QueryAsync<decimal>("SELECT amount FROM recon.receipt ORDER BY amount")).Should().Equal(10.00m, 12.00m);
    }

    [Fact]
    public async Task Import_RollsBackTheWholeFile_WhenTheSecondMessageFailsInTheMiddle()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var good = new StatementBuilder().MessageId("Z1").Statement("S1", 1).Entries(new EntryBuilder(), new EntryBuilder()).Build();
        var broken = new StatementBuilder().MessageId("Z2").Account("DE89370400440532013000").Statement("T1", 1)
            .Entries(new EntryBuilder(), new EntryBuilder(), new EntryBuilder()).FailAfter(2).Build();

        var outcome = await h.ImportAsync(good, broken);

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Single().Location.Should().EndWith("Ntry[3]/Amt");
        foreach (var table in new[] { "camt_message", "statement", "entry", "entry_transaction", "statement_alert" })
        {
            (await h.ScalarAsync<long>($"SELECT count(*) FROM recon.{table}")).Should().Be(0, table);
        }

        var retry = await h.ImportAsync(good);
        retry.Status.Should().Be(InboxFileStatus.Imported);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.transaction_load")).Should().Be(0, "the rejected file's markers went with the next import");
    }

    [Fact]
    public async Task Import_RemovesTransactionsOfAnImportThatDiedBeforeItsFileCommitted_ButNotThoseOfOneStillRunning()
    {
        // What the second connection leaves (see migration 0019): a committed marker and the
        // transactions, under a statement id whose statement never committed. 990001 belongs to
        // an import still running (its file's transaction holds the lock), 990002 to a dead one.
        await using var h = await StatementImportHarness.CreateAsync();
        const string Leave =
            """
            INSERT INTO recon.transaction_load (statement_id) VALUES (@id);
            INSERT INTO recon.entry_transaction (statement_id, entry_index, tx_index, remittance_lines, amount) VALUES (@id, 0, 0, '{}', 10.00), (@id, 1, 0, '{}', 12.00);
            """;
        await using var running = await h.DataSource.OpenConnectionAsync();
        await using var runningFile = await running.BeginTransactionAsync();
        await running.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('recon.transaction_load', 990001))", transaction: runningFile);
        await using (var other = await h.DataSource.OpenConnectionAsync())
        {
            await other.ExecuteAsync(Leave, new { id = 990001L });
            await other.ExecuteAsync(Leave, new { id = 990002L });
        }

        (await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(new EntryBuilder()).Build())).Status.Should().Be(InboxFileStatus.Imported);

        const string Left = "SELECT statement_id FROM recon.transaction_load UNION ALL SELECT DISTINCT statement_id FROM recon.entry_transaction WHERE statement_id > 990000 ORDER BY 1";
        (await h.QueryAsync<long>(Left)).Should().Equal(990001L, 990001L);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction t JOIN recon.entry e USING (statement_id, entry_index)")).Should().Be(1);

        await runningFile.RollbackAsync();
        (await h.ImportAsync(new StatementBuilder().Statement("S2", 2).Entries(new EntryBuilder().Credit(7.00m)).Build())).Status.Should().Be(InboxFileStatus.Imported);

        (await h.QueryAsync<long>(Left)).Should().BeEmpty();
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(2);
    }

    [Fact]
    public async Task Import_RollsBackChunksAlreadyWritten_WhenTheReaderFailsLaterInTheStatement()
    {
        // Chunks of two: three chunks are written by COPY while the reader is still going.
        await using var h = await StatementImportHarness.CreateAsync(chunkSize: 2);
        var entries = Enumerable.Range(0, 9).Select(_ => new EntryBuilder()).ToArray();
        var broken = new StatementBuilder().Statement("S1", 1).Entries(entries).FailAfter(7).Build();

        var outcome = await h.ImportAsync(broken);

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Single().Location.Should().EndWith("Ntry[8]/Amt");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(0);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(0);

        var retry = await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(entries).Build());
        retry.Status.Should().Be(InboxFileStatus.Imported);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(9);
    }

    [Fact]
    public async Task ImportAll_TakesSeveralMessagesOfOneFile_AndDedupesAmongThem()
    {
        await using var h = await StatementImportHarness.CreateAsync();
        var day1 = new StatementBuilder().MessageId("Z1").Statement("S1", 1).Entries(new EntryBuilder().Reference("A1").BookedOn(Day1));
        var day2 = new StatementBuilder().MessageId("Z2").Statement("S2", 2).Opening(1010.00m).Entries(new EntryBuilder().Reference("A2").BookedOn(Day2));

        var outcome = await h.ImportAsync(day1.Build(), day2.Build(), day1.Build());

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        outcome.Summary.Split("; ").Should().HaveCount(3);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.statement_alert")).Should().Be(0);
        (await h.QueryAsync<int>("SELECT message_index FROM recon.camt_message ORDER BY id")).Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task Import_CountsIdenticalPaymentsAcrossChunks_AndAddsNothingOnRedelivery()
    {
        await using var h = await StatementImportHarness.CreateAsync(chunkSize: 2);
        EntryBuilder Payment() => new EntryBuilder().Credit(10.00m).Reference(null).Remittance("Parkgebühr").EndToEnd(null);
        EntryBuilder[] Day() => [Payment(), new EntryBuilder().Reference("X1"), Payment(), new EntryBuilder().Reference("X2"), Payment(), new EntryBuilder().Reference("X3")];

        var first = await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(Day()).Build());
        var again = await h.ImportAsync(new StatementBuilder().Statement("S1-NEU", 1).Entries(Day()).Build());

        first.Summary.Should().Contain("6 Umsätze neu");
        again.Summary.Should().Contain("0 Umsätze neu, 6 bereits bekannt");
        (await h.QueryAsync<int>("SELECT occurrence FROM recon.entry WHERE acct_svcr_ref IS NULL ORDER BY occurrence")).Should().Equal(1, 2, 3);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(6);
    }

    [Fact]
    public async Task Import_IdentifiesByContent_WhenAStatementReusesAReferenceForOtherContent_AcrossChunks()
    {
        await using var h = await StatementImportHarness.CreateAsync(chunkSize: 2);
        EntryBuilder[] Day() => [new EntryBuilder().Credit(10.00m).Reference("SAME"), new EntryBuilder().Reference("Y1"), new EntryBuilder().Credit(12.00m).Reference("SAME"), new EntryBuilder().Reference("Y2")];

        var first = await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(Day()).Build());
        var again = await h.ImportWithAsync(new StatementImporter(h.Logger), new StatementBuilder().Statement("S1-NEU", 1).Entries(Day()).Build());

        first.Status.Should().Be(InboxFileStatus.Imported);
        (await h.QueryAsync<string>("SELECT identity_kind FROM recon.entry WHERE acct_svcr_ref = 'SAME'")).Should().Equal("fingerprint", "fingerprint");
        again.Summary.Should().Contain("0 Umsätze neu, 4 bereits bekannt");
    }

    [Fact]
    public async Task Import_CountsAReferenceAgain_WhenALaterChunkRepeatsOneWrittenStraightAway()
    {
        // The first chunk goes straight into recon.entry; the second repeats its greatest
        // reference, which no stored row had when the statement began.
        await using var h = await StatementImportHarness.CreateAsync(chunkSize: 2);
        EntryBuilder[] Day() => [new EntryBuilder().Reference("R1"), new EntryBuilder().Credit(20.00m).Reference("R2"), new EntryBuilder().Credit(20.00m).Reference("R2"), new EntryBuilder().Reference("R3")];

        var first = await h.ImportAsync(new StatementBuilder().Statement("S1", 1).Entries(Day()).Build());
        var again = await h.ImportAsync(new StatementBuilder().Statement("S1-NEU", 1).Entries(Day()).Build());

        first.Summary.Should().Contain("4 Umsätze neu");
        (await h.QueryAsync<int>("SELECT occurrence FROM recon.entry WHERE acct_svcr_ref = 'R2' ORDER BY occurrence")).Should().Equal(1, 2);
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry_transaction")).Should().Be(4);
        again.Summary.Should().Contain("0 Umsätze neu, 4 bereits bekannt");
    }

    [Fact]
    public async Task Import_QuarantinesTheFile_WhenAnAmountHasMoreThanFiveDecimals()
    {
        await using var h = await StatementImportHarness.CreateAsync();

        var outcome = await h.ImportAsync(new StatementBuilder().Balances(1000.00m, 1011.00m).Entries(new EntryBuilder(), new EntryBuilder().Credit(1.000001m)).Build());
        var balance = await h.ImportAsync(new StatementBuilder().Balances(1000.00m, 1000.0000001m).Build());

        balance.Status.Should().Be(InboxFileStatus.Quarantined);
        balance.Problems.Single().Location.Should().Be("/Document/BkToCstmrStmt/Stmt[1]/Bal");
        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Select(p => p.Location).Should().Contain("/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt")
            .And.Contain("/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/NtryDtls/TxDtls[1]/Amt");
        (await h.ScalarAsync<long>("SELECT count(*) FROM recon.entry")).Should().Be(0);
    }
}
