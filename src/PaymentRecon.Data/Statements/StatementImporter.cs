using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PaymentRecon.Camt;
using PaymentRecon.Data.Files;
using PaymentRecon.Inbox;

namespace PaymentRecon.Data.Statements;

/// <summary>
/// Writes camt messages into <c>recon.camt_message</c>, <c>statement</c>, <c>entry</c> and
/// <c>entry_transaction</c>, inside the transaction <see cref="InboxFileProcessor"/> hands its
/// import delegate. Idempotent at every level: a statement already imported (same account, kind,
/// Stmt/Id, sequence numbers, page) is recorded as a duplicate and adds nothing; an entry already
/// known (same AcctSvcrRef, or same content and occurrence) is not added again; a re-delivery that
/// contradicts what was imported rejects the whole file with the reason.
/// </summary>
/// <remarks>
/// <para>Call <see cref="ImportAsync(InboxFile, CamtMessage, NpgsqlConnection, NpgsqlTransaction, CancellationToken)"/>
/// once per message, in file order, all inside the file's one transaction (a ZIP gives several
/// messages); each call sees what the earlier calls wrote. <see cref="ImportAllAsync"/> does exactly
/// that for a sequence of messages.</para>
/// <para>Streaming: entries are buffered <see cref="ChunkSize"/> at a time, bulk-loaded with binary
/// COPY (entries into a temporary staging table, transactions straight into their table) and merged
/// set-based when the statement ends, so a statement of a million entries needs no more memory than
/// one of a thousand.</para>
/// <para>After each message: camt.054 details are linked to their camt.053 collective entries (both
/// arrival orders), camt.052 entries are marked superseded by their camt.053 entries, and the
/// sequence of camt.053 statements per account is checked (gaps, opening ≠ previous closing),
/// stored in <c>recon.statement_alert</c> and logged as warnings.</para>
/// </remarks>
public sealed partial class StatementImporter
{
    /// <summary>Entries held in memory at once while a statement streams past.</summary>
    public const int ChunkSize = 4096;

    private const int MaxProblems = 50;

    private readonly ILogger _logger;
    private readonly int _chunkSize;

    public StatementImporter(ILogger logger)
        : this(logger, ChunkSize)
    {
    }

    /// <summary>Tests use tiny chunks to cross chunk boundaries with a handful of entries.</summary>
    internal StatementImporter(ILogger logger, int chunkSize)
    {
        _logger = logger;
        _chunkSize = chunkSize;
    }

    /// <summary>
    /// Imports each message in order inside <paramref name="transaction"/>; returns their summaries
    /// joined by "; ". Throws <see cref="ImportFileRejectedException"/> when a message contradicts
    /// what was imported before or cannot be stored as read; the caller rolls the file back, and
    /// commits <paramref name="transaction"/> when it returns. The transactions (TxDtls) are
    /// written on a second connection and committed at the end of each message, ahead of the file
    /// (see migration 0019); when the import fails, those already committed are deleted again.
    /// </summary>
    public async Task<string> ImportAllAsync(
        InboxFile file, IEnumerable<CamtMessage> messages, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(connection);
        await RemoveOrphanedTransactionsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var transactions = new TransactionLoad(connection, transaction, cancellationToken);
        var summaries = new List<string>();
        try
        {
            foreach (var message in messages)
            {
                summaries.Add(await ImportMessageAsync(file, message, transactions, connection, transaction, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await DiscardAsync(transactions).ConfigureAwait(false);
            throw;
        }

        return summaries.Count == 0 ? "Keine camt-Nachricht in der Datei." : string.Join("; ", summaries);
    }

    /// <summary>One message: <see cref="ImportAllAsync"/> with a single message; returns its one-line German summary with counts.</summary>
    public Task<string> ImportAsync(
        InboxFile file, CamtMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ImportAllAsync(file, [message], connection, transaction, cancellationToken);
    }

    private async Task DiscardAsync(TransactionLoad transactions)
    {
        try
        {
            await transactions.DiscardCommittedAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // The failure that brought us here is the one to report; the next import removes them.
            LogDiscardFailed(exception);
        }
    }

    private async Task<string> ImportMessageAsync(
        InboxFile file, CamtMessage message, TransactionLoad transactions, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var header = message.Header;
        if (header.Type == CamtMessageType.None)
        {
            throw new ImportFileRejectedException(new ImportProblem("/Document", null, "Unbekannte camt-Nachrichtenart."));
        }

        // Set-based dedupe sorts and hashes whole statements; the default 4 MB spills to disk early.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '64MB'", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var messageRowId = await InsertMessageAsync(file, header, connection, transaction, cancellationToken).ConfigureAwait(false);

        var context = new MessageContext(file, header, messageRowId, connection, transaction, transactions);
        var results = new List<StatementResult>();
        foreach (var statement in message.Statements)
        {
            results.Add(await ImportStatementAsync(context, statement, cancellationToken).ConfigureAwait(false));
        }

        if (results.Count > 0 && results.All(r => r.Duplicate))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.camt_message SET status = 'duplicate' WHERE id = @messageRowId",
                new { messageRowId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        // Linking reads the camt.054 items: the message's transactions must be visible from here.
        await transactions.CommitAsync(cancellationToken).ConfigureAwait(false);
        var accounts = results.Select(r => r.AccountKey).Distinct(StringComparer.Ordinal).ToArray();
        var linked = await LinkBatchDetailsAsync(connection, transaction, accounts, cancellationToken).ConfigureAwait(false);
        var superseded = await SupersedeProvisionalAsync(connection, transaction, accounts, cancellationToken).ConfigureAwait(false);
        var alerts = results.Sum(r => r.Alerts) + linked.Alerts;

        var type = TypeName(header.Type);
        var newEntries = results.Sum(r => r.NewEntries);
        var knownEntries = results.Sum(r => r.KnownEntries);
        var duplicates = results.Count(r => r.Duplicate);
        LogMessageImported(type, file.FileName, results.Count, newEntries, knownEntries, duplicates);
        return Summary(type, header.MessageId, results, linked.Linked, superseded, alerts);
    }

    private async Task<StatementResult> ImportStatementAsync(MessageContext context, CamtStatementReading reading, CancellationToken cancellationToken)
    {
        var header = reading.Header;
        var accountKey = AccountKey(header)
            ?? throw new ImportFileRejectedException(new ImportProblem(header.XmlPath + "/Acct/Id", null, "Auszug ohne Konto (weder IBAN noch Othr/Id)."));
        var tooPrecise = header.Balances.Where(b => b.Amount.Scale > 5)
            .Select(b => new ImportProblem(header.XmlPath + "/Bal", b.Amount.Amount.ToString(CultureInfo.InvariantCulture), $"Saldo {b.TypeCode} mit mehr als fünf Nachkommastellen."))
            .ToList();
        if (tooPrecise.Count > 0)
        {
            throw new ImportFileRejectedException(tooPrecise);
        }

        var connection = context.Connection;
        var transaction = context.Transaction;

        // One import per account at a time: the sequence check reads the account's latest statement.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@accountKey, 0))", new { accountKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var duplicateOf = await FindSameStatementAsync(context, header, accountKey, cancellationToken).ConfigureAwait(false);
        var statementId = await InsertStatementAsync(context, header, accountKey, duplicateOf, cancellationToken).ConfigureAwait(false);

        await PrepareStagingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var totals = new StatementTotals();
        var problems = new List<ImportProblem>();
        var staged = new StagedStatement(statementId, context.Header.Type, accountKey);
        var direct = await PipelineEntriesAsync(reading.Entries, totals, problems, staged, duplicateOf is null, context.Transactions, connection, transaction, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new ImportFileRejectedException(problems);
        }

        var merge = await MergeEntriesAsync(context, header, accountKey, statementId, duplicateOf, direct, cancellationToken).ConfigureAwait(false);
        var knownIndexes = merge.Known > 0 && duplicateOf is null
            ? (await connection.QueryAsync<int>(new CommandDefinition(KnownEntryIndexes, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToArray()
            : [];
        await context.Transactions.EndStatementAsync(statementId, knownIndexes, cancellationToken).ConfigureAwait(false);

        var check = totals.Check(header);
        await StoreTotalsAsync(connection, transaction, statementId, totals, check, merge, cancellationToken).ConfigureAwait(false);

        var alerts = 0;
        if (context.Header.Type == CamtMessageType.Camt053 && duplicateOf is null)
        {
            alerts = await CheckSequenceAsync(connection, transaction, statementId, header, accountKey, cancellationToken).ConfigureAwait(false);
        }

        if (check.Outcome == BalanceCheckOutcome.Mismatch)
        {
            LogBalanceMismatch(TypeName(context.Header.Type), header.Id, MaskedAccount(header), check.Difference ?? 0m);
        }

        return new StatementResult(accountKey, duplicateOf is not null, merge.New, merge.Known, alerts);
    }

    private static bool Validate(Entry entry, List<ImportProblem> problems)
    {
        if (problems.Count >= MaxProblems)
        {
            return false;
        }

        var ok = true;
        if (entry.Amount.Currency.IsDefault || entry.CreditDebit == CreditDebit.None || entry.Status == EntryStatus.None)
        {
            problems.Add(new ImportProblem(entry.XmlPath, null, "Umsatz ohne Betrag mit Währung, ohne CdtDbtInd oder ohne Status."));
            ok = false;
        }

        CheckScale("/Amt", entry.Amount);
        CheckScale("/AmtDtls/InstdAmt/Amt", entry.InstructedAmount);
        CheckScale("/AmtDtls/TxAmt/Amt", entry.TransactionAmount);
        foreach (var transaction in entry.Transactions)
        {
            var index = transaction.Index + 1;
            CheckScale("/Amt", transaction.Amount, index);
            CheckScale("/AmtDtls/InstdAmt/Amt", transaction.InstructedAmount, index);
            CheckScale("/AmtDtls/TxAmt/Amt", transaction.TransactionAmount, index);
        }

        return ok;

        // The path is only built for a problem: this runs for every one of a million entries.
        void CheckScale(string element, Money? money, int transactionIndex = 0)
        {
            // The ISO schema allows five fraction digits; more cannot be stored as read.
            if (money is { } value && value.Scale > 5)
            {
                var path = transactionIndex == 0
                    ? entry.XmlPath + element
                    : string.Create(CultureInfo.InvariantCulture, $"{entry.XmlPath}/NtryDtls/TxDtls[{transactionIndex}]{element}");
                problems.Add(new ImportProblem(path, value.Amount.ToString(CultureInfo.InvariantCulture), "Betrag mit mehr als fünf Nachkommastellen."));
                ok = false;
            }
        }
    }

    private static async Task<long> InsertMessageAsync(
        InboxFile file, CamtMessageHeader header, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.camt_message (import_file_id, message_index, message_type, version, message_id, created_at, page_number, last_page, same_message_id_as)
            VALUES (@importFileId,
                    (SELECT count(*) FROM recon.camt_message WHERE import_file_id = @importFileId),
                    @type, @version, @messageId, @createdAt, @pageNumber, @lastPage,
                    (SELECT min(id) FROM recon.camt_message WHERE message_type = @type AND message_id = @messageId))
            RETURNING id
            """,
            new
            {
                importFileId = file.ImportFileId,
                type = (short)header.Type,
                version = header.Version,
                messageId = header.MessageId,
                createdAt = header.CreatedAt?.ToUniversalTime(),
                pageNumber = header.PageNumber,
                lastPage = header.LastPage,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    private static async Task<long?> FindSameStatementAsync(MessageContext context, StatementHeader header, string accountKey, CancellationToken cancellationToken) =>
        await context.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT id FROM recon.statement
            WHERE account_key = @accountKey AND message_type = @type AND stmt_id = @stmtId AND status = 'imported'
              AND coalesce(electronic_seq, -1) = coalesce(@electronicSeq, -1)
              AND coalesce(legal_seq, -1) = coalesce(@legalSeq, -1)
              AND coalesce(page_number, 0) = coalesce(@pageNumber, 0)
            """,
            new
            {
                accountKey,
                type = (short)context.Header.Type,
                stmtId = header.Id,
                electronicSeq = header.ElectronicSequenceNumber,
                legalSeq = header.LegalSequenceNumber,
                pageNumber = header.PageNumber,
            },
            context.Transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    private static async Task<long> InsertStatementAsync(
        MessageContext context, StatementHeader header, string accountKey, long? duplicateOf, CancellationToken cancellationToken)
    {
        var opening = StatementTotals.OpeningBalance(header);
        var closing = StatementTotals.ClosingBalance(header);
        var balances = JsonSerializer.Serialize(header.Balances.Select(b => new
        {
            type = b.TypeCode,
            amount = b.Amount.Amount,
            currency = b.Amount.Currency.Code,
            date = b.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        var summary = header.TransactionsSummary is { } s
            ? JsonSerializer.Serialize(new { entryCount = s.EntryCount, entrySum = s.EntrySum, creditCount = s.CreditCount, creditSum = s.CreditSum, debitCount = s.DebitCount, debitSum = s.DebitSum })
            : null;
        return await context.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO recon.statement (
                camt_message_id, import_file_id, message_type, message_id, statement_index, xml_path, stmt_id, electronic_seq, legal_seq,
                created_at, from_date_time, to_date_time, copy_duplicate, page_number, last_page, account_iban, account_other_id, account_key,
                currency, account_owner_name, servicer_bic, balances, opening_balance, opening_type, opening_date,
                closing_balance, closing_type, closing_date, transactions_summary, status, duplicate_of)
            VALUES (
                @messageRowId, @importFileId, @type, @messageId, @index, @xmlPath, @stmtId, @electronicSeq, @legalSeq,
                @createdAt, @fromDateTime, @toDateTime, @copyDuplicate, @pageNumber, @lastPage, @accountIban, @accountOtherId, @accountKey,
                @currency, @ownerName, @servicerBic, @balances::jsonb, @openingBalance, @openingType, @openingDate,
                @closingBalance, @closingType, @closingDate, @summary::jsonb, @status, @duplicateOf)
            RETURNING id
            """,
            new
            {
                messageRowId = context.MessageRowId,
                importFileId = context.File.ImportFileId,
                type = (short)context.Header.Type,
                messageId = context.Header.MessageId,
                index = header.Index,
                xmlPath = header.XmlPath,
                stmtId = header.Id,
                electronicSeq = header.ElectronicSequenceNumber,
                legalSeq = header.LegalSequenceNumber,
                createdAt = header.CreatedAt?.ToUniversalTime(),
                fromDateTime = header.FromDateTime?.ToUniversalTime(),
                toDateTime = header.ToDateTime?.ToUniversalTime(),
                copyDuplicate = CopyDuplicateCode(header.CopyDuplicate),
                pageNumber = header.PageNumber,
                lastPage = header.LastPage,
                accountIban = header.AccountIban,
                accountOtherId = header.AccountOtherId,
                accountKey,
                currency = header.AccountCurrency?.Code,
                ownerName = header.AccountOwnerName,
                servicerBic = header.ServicerBic,
                balances,
                openingBalance = opening?.Amount.Amount,
                openingType = opening?.TypeCode,
                openingDate = opening?.Date,
                closingBalance = closing?.Amount.Amount,
                closingType = closing?.TypeCode,
                closingDate = closing?.Date,
                summary,
                status = duplicateOf is null ? "imported" : "duplicate",
                duplicateOf,
            },
            context.Transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static async Task StoreTotalsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long statementId, StatementTotals totals, BalanceCheck check, MergeResult merge, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE recon.statement SET
                balance_check = @outcome, balance_difference = @difference, balance_explanation = @explanation, summary_problems = @summaryProblems,
                entry_count = @entryCount, credit_sum = @creditSum, debit_sum = @debitSum,
                booked_credit_count = @bookedCreditCount, booked_debit_count = @bookedDebitCount,
                booked_credit_sum = @bookedCredits, booked_debit_sum = @bookedDebits,
                new_entry_count = @newEntries, known_entry_count = @knownEntries
            WHERE id = @statementId
            """,
            new
            {
                statementId,
                outcome = check.OutcomeCode,
                difference = check.Difference,
                explanation = check.Explanation,
                summaryProblems = check.SummaryProblems.ToArray(),
                entryCount = totals.EntryCount,
                creditSum = totals.CreditSum,
                debitSum = totals.DebitSum,
                bookedCreditCount = check.BookedCreditCount,
                bookedDebitCount = check.BookedDebitCount,
                bookedCredits = check.BookedCredits,
                bookedDebits = check.BookedDebits,
                newEntries = merge.New,
                knownEntries = merge.Known,
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>IBAN, else <c>OTHR:</c> + the other account id; null when the statement names no account.</summary>
    internal static string? AccountKey(StatementHeader header) =>
        !string.IsNullOrWhiteSpace(header.AccountIban) ? header.AccountIban.Trim()
        : !string.IsNullOrWhiteSpace(header.AccountOtherId) ? "OTHR:" + header.AccountOtherId.Trim()
        : null;

    private static string MaskedAccount(StatementHeader header) => MaskedAccount(header.AccountIban);

    /// <summary>For logs: a masked IBAN, never the account number itself.</summary>
    internal static string MaskedAccount(string? accountKey) =>
        Iban.TryParse(accountKey, out var iban) ? iban.Masked : "(Konto ohne IBAN)";

    private static string CopyDuplicateCode(CopyDuplicate value) => value switch
    {
        CopyDuplicate.Copy => "COPY",
        CopyDuplicate.Duplicate => "DUPL",
        CopyDuplicate.CopyDuplicate => "CODU",
        _ => "ORIGINAL",
    };

    internal static string TypeName(CamtMessageType type) => type switch
    {
        CamtMessageType.Camt052 => "camt.052",
        CamtMessageType.Camt053 => "camt.053",
        CamtMessageType.Camt054 => "camt.054",
        _ => "camt",
    };

    private static string Summary(string type, string messageId, List<StatementResult> results, int linked, int superseded, int alerts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{type} {messageId}: {results.Count} Auszug/Auszüge");
        var duplicates = results.Count(r => r.Duplicate);
        if (duplicates > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({duplicates} bereits übernommen)");
        }

        text.Append(CultureInfo.InvariantCulture, $", {results.Sum(r => r.NewEntries)} Umsätze neu, {results.Sum(r => r.KnownEntries)} bereits bekannt");
        if (linked > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {linked} Sammelbuchung(en) mit Einzelposten verknüpft");
        }

        if (superseded > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {superseded} Vormerkposten durch Tagesauszug ersetzt");
        }

        if (alerts > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {alerts} Warnung(en)");
        }

        return text.Append('.').ToString();
    }

    private sealed record MessageContext(InboxFile File, CamtMessageHeader Header, long MessageRowId, NpgsqlConnection Connection, NpgsqlTransaction Transaction, TransactionLoad Transactions);

    private sealed record StagedStatement(long StatementId, CamtMessageType Type, string AccountKey);

    private sealed record StatementResult(string AccountKey, bool Duplicate, int NewEntries, int KnownEntries, int Alerts);

    private sealed record MergeResult(int New, int Known);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {MessageType} from {FileName}: {StatementCount} statement(s), {NewEntries} new entries, {KnownEntries} known, {DuplicateStatements} duplicate statement(s)")]
    private partial void LogMessageImported(string messageType, string fileName, int statementCount, int newEntries, int knownEntries, int duplicateStatements);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The transactions of a rejected file's earlier messages could not be deleted now; the next statement import removes them")]
    private partial void LogDiscardFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageType} statement {StatementId} of account {Account}: balance check mismatch, difference {Difference}")]
    private partial void LogBalanceMismatch(string messageType, string statementId, string account, decimal difference);
}
