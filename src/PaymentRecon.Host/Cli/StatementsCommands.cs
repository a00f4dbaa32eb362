using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PaymentRecon.Camt;
using PaymentRecon.Host.Configuration;

namespace PaymentRecon.Host.Cli;

/// <summary>
/// <c>paymentrecon statements inspect FILE... [--json]</c>: reads camt files (or ZIPs of them) without
/// touching the database and prints what was read (contract section 5).
/// </summary>
/// <remarks>
/// Each file is read twice: once to find out whether it can be read at all (a file that cannot
/// yields only <c>error</c>), then again while printing, so memory stays flat for any file size.
/// </remarks>
internal static class StatementsCommands
{
    private const long FlushThreshold = 64 * 1024;

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "camt.052/053/054 XML files or ZIPs of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document ({\"files\": [...]}) instead of a readable summary." };
        var inspect = new Command("inspect",
            "Parse camt files without touching the database and print what was read. Exit code 0, or 2 when a file cannot be read.");
        inspect.Arguments.Add(files);
        inspect.Options.Add(json);
        inspect.SetAction((parseResult, cancellationToken) =>
        {
            var options = ReaderOptions(out var problems);
            if (options is null)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(string.Join(Environment.NewLine, problems));
                return Task.FromResult(ExitCodes.CouldNotRun);
            }

            var paths = parseResult.GetValue(files) ?? [];
            return Task.FromResult(parseResult.GetValue(json)
                ? WriteJson(paths, options, cancellationToken)
                : WriteSummary(paths, options, parseResult.InvocationConfiguration.Output, cancellationToken));
        });

        var command = new Command("statements", "Bank statements (camt).");
        command.Subcommands.Add(inspect);
        return command;
    }

    /// <summary>The reader limits from configuration section <c>PaymentRecon:Camt</c> (defaults when absent).</summary>
    private static CamtReaderOptions? ReaderOptions(out IReadOnlyList<string> problems)
    {
        try
        {
            var options = AppConfiguration.Build().GetSection("PaymentRecon:Camt").Get<CamtReaderOptions>() ?? CamtReaderOptions.Default;
            problems = options.Validate();
            return problems.Count == 0 ? options : null;
        }
        catch (InvalidOperationException exception)
        {
            problems = [$"Configuration is invalid: {exception.Message}"];
            return null;
        }
    }

    /// <summary>Reads every message of a file to the end; the totals per statement, or the problem.</summary>
    private static (List<List<StatementResult>>? Messages, string? Error) Check(string path, CamtReaderOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var messages = new List<List<StatementResult>>();
            foreach (var message in CamtFileReader.Read(path, options))
            {
                var statements = new List<StatementResult>();
                foreach (var statement in message.Statements)
                {
                    var totals = new StatementTotals();
                    var batchProblems = 0;
                    foreach (var entry in statement.Entries)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        totals.Add(entry);
                        if (entry.BatchCheck is { Outcome: BatchCheckOutcome.Mismatch })
                        {
                            batchProblems++;
                        }
                    }

                    statements.Add(new StatementResult(totals, totals.Check(statement.Header), batchProblems));
                }

                messages.Add(statements);
            }

            return (messages, null);
        }
        catch (CamtFormatException exception)
        {
            return (null, exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return (null, $"{Path.GetFileName(path)}: cannot be read: {exception.Message}");
        }
    }

    private static int WriteJson(string[] paths, CamtReaderOptions options, CancellationToken cancellationToken)
    {
        var exitCode = ExitCodes.Done;
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteStartArray("files");
        foreach (var path in paths)
        {
            var (messages, error) = Check(path, options, cancellationToken);
            if (messages is null)
            {
                exitCode = ExitCodes.DoneWithRejectedFiles;
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteString("error", error);
                writer.WriteEndObject();
                continue;
            }

            var index = 0;
            foreach (var message in CamtFileReader.Read(path, options))
            {
                var results = messages[index++];
                writer.WriteStartObject();
                writer.WriteString("path", message.SourceName.Contains('!', StringComparison.Ordinal)
                    ? Path.Combine(Path.GetDirectoryName(path) ?? "", message.SourceName)
                    : path);
                writer.WriteString("messageType", CamtReader.TypeName(message.Header.Type));
                writer.WriteString("version", message.Header.Version);
                writer.WriteString("messageId", message.Header.MessageId);
                WriteDateTime(writer, "createdAt", message.Header.CreatedAt);
                writer.WriteStartArray("statements");
                var number = 0;
                foreach (var statement in message.Statements)
                {
                    WriteStatement(writer, stdout, statement, results[number++]);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stdout.Write("\n"u8);
        return exitCode;
    }

    private static void WriteStatement(Utf8JsonWriter writer, Stream stdout, CamtStatementReading statement, StatementResult result)
    {
        var header = statement.Header;
        writer.WriteStartObject();
        writer.WriteString("id", header.Id);
        WriteNumber(writer, "electronicSequenceNumber", header.ElectronicSequenceNumber);
        WriteNumber(writer, "legalSequenceNumber", header.LegalSequenceNumber);
        writer.WriteString("iban", header.AccountIban);
        if (header.AccountIban is null && header.AccountOtherId is not null)
        {
            writer.WriteString("accountId", header.AccountOtherId);
        }

        writer.WriteString("currency", header.AccountCurrency?.Code);
        WriteAmount(writer, "openingBalance", StatementTotals.OpeningBalance(header)?.Amount.Amount);
        WriteAmount(writer, "closingBalance", StatementTotals.ClosingBalance(header)?.Amount.Amount);
        writer.WriteString("balanceCheck", result.Check.OutcomeCode);
        writer.WriteString("balanceCheckDetail", result.Check.Explanation);
        if (result.Check.SummaryProblems.Count > 0)
        {
            writer.WriteStartArray("summaryProblems");
            foreach (var problem in result.Check.SummaryProblems)
            {
                writer.WriteStringValue(problem);
            }

            writer.WriteEndArray();
        }

        writer.WriteNumber("entryCount", result.Totals.EntryCount);
        writer.WriteNumber("creditSum", result.Totals.CreditSum);
        writer.WriteNumber("debitSum", result.Totals.DebitSum);
        writer.WriteString("copyDuplicate", header.CopyDuplicate switch
        {
            CopyDuplicate.Copy => "COPY",
            CopyDuplicate.Duplicate => "DUPL",
            CopyDuplicate.CopyDuplicate => "CODU",
            _ => null,
        });
        WriteNumber(writer, "pageNumber", header.PageNumber);
        if (header.LastPage is { } last)
        {
            writer.WriteBoolean("lastPage", last);
        }

        writer.WriteStartArray("entries");
        foreach (var entry in statement.Entries)
        {
            WriteEntry(writer, entry);
            if (writer.BytesPending > FlushThreshold)
            {
                writer.Flush();
                stdout.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteString("additionalInformation", statement.AdditionalInformation);
        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, Entry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("amount", entry.Amount.Amount);
        if (entry.Amount.Currency.Code != "EUR")
        {
            writer.WriteString("currency", entry.Amount.Currency.Code);
        }

        writer.WriteString("status", entry.StatusCode);
        WriteDate(writer, "bookingDate", entry.BookingDate);
        WriteDate(writer, "valueDate", entry.ValueDate);
        writer.WriteString("accountServicerReference", entry.AccountServicerReference);
        writer.WriteBoolean("reversal", entry.Reversal);
        writer.WritePropertyName("bankTransactionCode");
        WriteCode(writer, entry.BankTransactionCode);
        writer.WriteString("additionalEntryInformation", entry.AdditionalEntryInformation);
        if (entry.AdditionalInfoMessageId is not null)
        {
            writer.WriteString("detailsMessageId", entry.AdditionalInfoMessageId);
        }

        if (entry.BatchCheck is { } batch)
        {
            writer.WriteStartObject("batchCheck");
            writer.WriteString("outcome", batch.Outcome switch
            {
                BatchCheckOutcome.Ok => "ok",
                BatchCheckOutcome.Mismatch => "mismatch",
                _ => "not-possible",
            });
            WriteNumber(writer, "statedCount", batch.StatedCount);
            writer.WriteNumber("transactionCount", batch.TransactionCount);
            writer.WriteStartArray("problems");
            foreach (var problem in batch.Problems)
            {
                writer.WriteStringValue(problem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("transactions");
        foreach (var transaction in entry.Transactions)
        {
            WriteTransaction(writer, transaction);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTransaction(Utf8JsonWriter writer, Transaction transaction)
    {
        writer.WriteStartObject();
        WriteAmount(writer, "amount", transaction.Amount?.Amount);
        writer.WriteString("endToEndId", transaction.References.EndToEndId);
        writer.WriteString("mandateId", transaction.References.MandateId);
        writer.WriteString("remittanceInformation", transaction.RemittanceLines.Count == 0 ? null : transaction.Remittance.Joined);
        writer.WriteString("creditorReference", transaction.CreditorReference);
        writer.WriteString("debtorName", transaction.DebtorName);
        writer.WriteString("debtorIban", transaction.DebtorIban);
        writer.WriteString("returnReason", transaction.Return?.Reason);
        writer.WriteStartArray("charges");
        foreach (var charge in transaction.Charges)
        {
            writer.WriteStartObject();
            writer.WriteNumber("amount", charge.Amount.Amount);
            writer.WriteString("type", charge.TypeCode);
            writer.WriteString("bearer", charge.Bearer);
            if (charge.IncludedInEntryAmount is { } included)
            {
                writer.WriteBoolean("includedInEntryAmount", included);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteAmount(writer, "instructedAmount", transaction.InstructedAmount?.Amount);
        writer.WritePropertyName("bankTransactionCode");
        WriteCode(writer, transaction.BankTransactionCode);
        writer.WriteEndObject();
    }

    private static void WriteCode(Utf8JsonWriter writer, BankTransactionCode code)
    {
        writer.WriteStartObject();
        writer.WriteString("domain", code.Domain);
        writer.WriteString("family", code.Family);
        writer.WriteString("subFamily", code.SubFamily);
        writer.WriteString("proprietary", code.Proprietary);
        writer.WriteString("issuer", code.ProprietaryIssuer);
        writer.WriteString("gvc", code.Gvc);
        writer.WriteEndObject();
    }

    // A decimal keeps the scale it was read with, and Utf8JsonWriter writes it so: 300 stays 300, 10.50 stays 10.50.
    private static void WriteAmount(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } amount)
        {
            writer.WriteNumber(name, amount);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateOnly? value) =>
        writer.WriteString(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static void WriteDateTime(Utf8JsonWriter writer, string name, DateTimeOffset? value) =>
        writer.WriteString(name, value?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

    private static int WriteSummary(string[] paths, CamtReaderOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var exitCode = ExitCodes.Done;
        foreach (var path in paths)
        {
            var (messages, error) = Check(path, options, cancellationToken);
            if (messages is null)
            {
                exitCode = ExitCodes.DoneWithRejectedFiles;
                output.WriteLine($"{path}: REJECTED");
                output.WriteLine($"  {error}");
                continue;
            }

            var index = 0;
            foreach (var message in CamtFileReader.Read(path, options))
            {
                var results = messages[index++];
                var header = message.Header;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{message.SourceName}: {CamtReader.TypeName(header.Type)} version {header.Version}, MsgId {header.MessageId}, created {header.CreatedAt:yyyy-MM-dd HH:mm zzz}{Page(header.PageNumber, header.LastPage)}"));
                var number = 0;
                foreach (var statement in message.Statements)
                {
                    var result = results[number++];
                    var h = statement.Header;
                    var account = h.AccountIban is { } iban && Iban.TryParse(iban, out var parsed) ? parsed.ToDisplayString() : h.AccountOtherId;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  statement {h.Id}: account {account} {h.AccountCurrency}, ElctrncSeqNb {h.ElectronicSequenceNumber?.ToString(CultureInfo.InvariantCulture) ?? "-"}, LglSeqNb {h.LegalSequenceNumber?.ToString(CultureInfo.InvariantCulture) ?? "-"}{Page(h.PageNumber, h.LastPage)}{(h.CopyDuplicate == CopyDuplicate.Original ? "" : $", re-delivery ({h.CopyDuplicate})")}"));
                    foreach (var balance in h.Balances)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    balance {balance.TypeCode} {balance.Date:yyyy-MM-dd}: {balance.Amount.Amount} {balance.Amount.Currency}"));
                    }

                    var pending = 0;
                    var information = 0;
                    var batches = 0;
                    foreach (var entry in statement.Entries)
                    {
                        pending += entry.Status == EntryStatus.Pending ? 1 : 0;
                        information += entry.Status is EntryStatus.Information or EntryStatus.Future ? 1 : 0;
                        if (entry.BatchCheck is { } batch)
                        {
                            batches++;
                            if (batch.Outcome != BatchCheckOutcome.Ok)
                            {
                                output.WriteLine($"    batch {entry.XmlPath[(entry.XmlPath.LastIndexOf('/') + 1)..]} ({entry.Amount}): {batch.Outcome}: {string.Join(" ", batch.Problems)}");
                            }
                        }
                    }

                    var totals = result.Totals;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    entries: {totals.EntryCount} (booked {totals.BookedCreditCount + totals.BookedDebitCount}, pending {pending}, information {information}, batches {batches}); credits {totals.CreditSum}, debits {totals.DebitSum}"));
                    output.WriteLine($"    balance check: {result.Check.OutcomeCode}: {result.Check.Explanation}");
                    foreach (var problem in result.Check.SummaryProblems)
                    {
                        output.WriteLine($"    TxsSummry: {problem}");
                    }

                    if (statement.AdditionalInformation is { } info)
                    {
                        output.WriteLine($"    information: {info}");
                    }
                }
            }
        }

        return exitCode;
    }

    private static string Page(int? page, bool? last) =>
        page is null ? "" : string.Create(CultureInfo.InvariantCulture, $", page {page}{(last == true ? " (last)" : last == false ? " (more follow)" : "")}");

    private sealed record StatementResult(StatementTotals Totals, BalanceCheck Check, int BatchProblems);
}
