using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PaymentRecon.Data;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Host.Klaerfaelle;

namespace PaymentRecon.Host.Cli;

/// <summary>
/// <c>paymentrecon klaerfaelle list|assign</c> (contract section 2) and beyond it <c>show</c>,
/// <c>approve</c>, <c>reject</c>, <c>refund</c>, <c>keep</c>, <c>reopen</c>, <c>note</c>, <c>audit</c>:
/// the dashboard's operations except handing a Klärfall over, acting as a configured user
/// (<c>--user</c>) with that user's roles.
/// </summary>
internal static class KlaerfaelleCommands
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Names and texts stay readable (ä, ß, €); the output is a file or a terminal, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(Option<string?> db)
    {
        var command = new Command("klaerfaelle", "Klärfälle: open Verwahrgeld items for finance staff (list, show, assign, approve, reject, refund, keep, reopen, note, audit).");
        command.Subcommands.Add(List(db));
        command.Subcommands.Add(Show(db));
        command.Subcommands.Add(Assign(db));
        command.Subcommands.Add(Decide(db, approve: true));
        command.Subcommands.Add(Decide(db, approve: false));
        command.Subcommands.Add(WithReason(db, "keep",
            "Keep a Klärfall as Verwahrgeld on purpose (role clerk; --grund required, e.g. SOLL_FOLGT): it leaves the worklist and the nightly retry until it is taken back (reopen).",
            (actions, id, reason, note, actor, token) => actions.KeepAsVerwahrgeldAsync(id, reason, note, actor, token)));
        command.Subcommands.Add(WithReason(db, "reopen",
            "Take a Klärfall kept as Verwahrgeld back into the worklist (role clerk; --grund required, e.g. SOLL_LIEGT_VOR): the next run tries it again, and it can be assigned.",
            (actions, id, reason, note, actor, token) => actions.ReopenAsync(id, reason, note, actor, token)));
        command.Subcommands.Add(WithReason(db, "refund",
            "Propose paying a Klärfall back (role clerk; --grund required, e.g. DOPPELZAHLUNG): once approved it is listed in the run report; the HKR needs an Auszahlungsanordnung.",
            (actions, id, reason, note, actor, token) => actions.ProposeRefundAsync(id, reason, note, actor, token)));
        command.Subcommands.Add(OnOne(
            db,
            "note",
            "Add a note to a Klärfall's audit trail (role clerk or approver; --notiz required, --grund default ARBEITSVERMERK). Exit code 0 done, 1 refused.",
            new Argument<long>("ID") { Description = "The Klärfall's number (klaerfaelle list, show)." },
            reasonRequired: false,
            (actions, id, reason, note, actor, token) => actions.AddNoteAsync(id, note ?? "", reason, actor, token)));
        command.Subcommands.Add(Audit(db));
        return command;
    }

    private static Command List(Option<string?> db)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document ({\"klaerfaelle\": [...], \"count\", \"sum\"})." };
        var list = new Command("list", "Open Klärfälle, oldest payment first, with their ranked suggestions.");
        list.Options.Add(json);
        list.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var queries = new KlaerfallQueries(context.DataSource);
            var rows = new List<KlaerfallListRow>();
            KlaerfallPage page;
            var number = 1;
            do
            {
                page = await queries.ListAsync(new KlaerfallFilter { Page = number++, PageSize = 500 }, cancellationToken).ConfigureAwait(false);
                rows.AddRange(page.Rows);
            }
            while (rows.Count < page.TotalCount && page.Rows.Count > 0);

            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { klaerfaelle = rows.Select(Summary), count = page.TotalCount, sum = page.TotalAmount }, Json)).ConfigureAwait(false);
                return ExitCodes.Done;
            }

            await output.WriteLineAsync(Table(rows, page)).ConfigureAwait(false);
            return ExitCodes.Done;
        }));
        return list;
    }

    private static Command Show(Option<string?> db)
    {
        var id = new Argument<long>("ID") { Description = "The Klärfall's number." };
        var json = new Option<bool>("--json") { Description = "Print the Klärfall as JSON." };
        var show = new Command("show", "One Klärfall: the payment as the bank sent it, its statement and file, why it is a Klärfall, suggestions with the open Soll they would pay, proposals, audit trail.");
        show.Arguments.Add(id);
        show.Options.Add(json);
        show.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var detail = await new KlaerfallQueries(context.DataSource).DetailAsync(parseResult.GetValue(id), cancellationToken).ConfigureAwait(false);
            if (detail is null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"Es gibt keinen Klärfall {parseResult.GetValue(id)}.").ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(parseResult.GetValue(json) ? JsonSerializer.Serialize(detail, Json) : Describe(detail)).ConfigureAwait(false);
            return ExitCodes.Done;
        }));
        return show;
    }

    private static Command Assign(Option<string?> db)
    {
        var id = new Argument<long>("ID") { Description = "The Klärfall's number (klaerfaelle list)." };
        var kassenzeichen = new Option<string>("--kassenzeichen") { Description = "The Kassenzeichen to book onto, in any spelling.", HelpName = "KZ", Required = true };
        var betrag = new Option<string?>("--betrag") { Description = "Amount to assign (default: what is open on it, up to what the Klärfall holds); 12,50 or 12.50.", HelpName = "X" };
        var (user, reason, note) = ActorOptions();
        var assign = new Command("assign",
            "Propose assigning a Klärfall to a Kassenzeichen, as in the dashboard: it takes effect when a different user with role approver approves it " +
            "(klaerfaelle approve), or at once where PaymentRecon:Klaerfaelle:FourEyes does not require approval. Exit code 0 proposed or booked, 1 refused, 3 could not run.");
        assign.Arguments.Add(id);
        assign.Options.Add(kassenzeichen);
        assign.Options.Add(betrag);
        assign.Options.Add(user);
        assign.Options.Add(reason);
        assign.Options.Add(note);
        assign.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (await ActorAsync(parseResult, context, user).ConfigureAwait(false) is not { } actor)
            {
                return ExitCodes.WrongUsage;
            }

            decimal? amount = null;
            if (parseResult.GetValue(betrag) is { } text)
            {
                if (ParseAmount(text) is not { } parsed)
                {
                    await error.WriteLineAsync($"--betrag '{text}' ist kein Betrag (z. B. 12,50).").ConfigureAwait(false);
                    return ExitCodes.WrongUsage;
                }

                amount = parsed;
            }

            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var actions = new KlaerfallActions(context.DataSource, context.Options.Klaerfaelle.Policy);
            var result = await actions.ProposeAssignmentAsync(
                parseResult.GetValue(id), [new ProposalTarget(parseResult.GetValue(kassenzeichen)!, amount)],
                parseResult.GetValue(reason) ?? "ZUORDNUNG_ERMITTELT", parseResult.GetValue(note), actor, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(parseResult, result).ConfigureAwait(false);
        }));
        return assign;
    }

    private static Command Decide(Option<string?> db, bool approve) => OnOne(
        db,
        approve ? "approve" : "reject",
        approve
            ? "Approve a proposal (role approver; never one's own): the assignment is booked (VWG released, IST MANUELL) or the refund recorded."
            : "Reject a proposal (role approver; --grund required).",
        new Argument<long>("PROPOSAL") { Description = "The proposal's number (klaerfaelle show ID)." },
        reasonRequired: false,
        approve
            ? (actions, proposal, reason, note, actor, token) => actions.ApproveAsync(proposal, reason, note, actor, token)
            : (actions, proposal, reason, note, actor, token) => actions.RejectAsync(proposal, reason ?? "", note, actor, token));

    /// <summary>A command on one Klärfall that needs nothing but a reason code (and a note).</summary>
    private static Command WithReason(
        Option<string?> db, string name, string description, Func<KlaerfallActions, long, string, string?, KlaerfallActor, CancellationToken, Task<KlaerfallActionResult>> act) => OnOne(
        db,
        name,
        description + " Exit code 0 done, 1 refused, 3 could not run (e.g. not in the status the action needs).",
        new Argument<long>("ID") { Description = "The Klärfall's number (klaerfaelle list, show)." },
        reasonRequired: true,
        (actions, id, reason, note, actor, token) => act(actions, id, reason!, note, actor, token));

    /// <summary>
    /// A command on one Klärfall or proposal, acting as the configured user of --user, with --grund
    /// and --notiz; <paramref name="reasonRequired"/>: refused without --grund before anything is asked.
    /// </summary>
    private static Command OnOne(
        Option<string?> db,
        string name,
        string description,
        Argument<long> target,
        bool reasonRequired,
        Func<KlaerfallActions, long, string?, string?, KlaerfallActor, CancellationToken, Task<KlaerfallActionResult>> act)
    {
        var (user, reason, note) = ActorOptions();
        var command = new Command(name, description);
        command.Arguments.Add(target);
        command.Options.Add(user);
        command.Options.Add(reason);
        command.Options.Add(note);
        command.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            if (await ActorAsync(parseResult, context, user).ConfigureAwait(false) is not { } actor)
            {
                return ExitCodes.WrongUsage;
            }

            var code = parseResult.GetValue(reason);
            if (reasonRequired && string.IsNullOrWhiteSpace(code))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"--grund fehlt: {name} braucht einen Begründungscode (README, Klärfälle).").ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }

            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var actions = new KlaerfallActions(context.DataSource, context.Options.Klaerfaelle.Policy);
            var result = await act(actions, parseResult.GetValue(target), code, parseResult.GetValue(note), actor, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(parseResult, result).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Audit(Option<string?> db)
    {
        var from = DateOption("--from", "First day (YYYY-MM-DD, default: 30 days ago).");
        var to = DateOption("--to", "Last day (YYYY-MM-DD, default: today).");
        var csv = new Option<string>("--csv") { Description = "CSV file to write (UTF-8, ';', German headers) for the Rechnungsprüfung.", HelpName = "FILE", Required = true };
        var audit = new Command("audit", "Write the audit trail of every Klärfall (manual actions and automatic decisions) of a period as CSV.");
        audit.Options.Add(from);
        audit.Options.Add(to);
        audit.Options.Add(csv);
        audit.SetAction((parseResult, cancellationToken) => PaymentReconCli.ExecuteAsync(parseResult, db, async context =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(context.Options.TimeZone);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Time.GetUtcNow(), zone).DateTime);
            var last = parseResult.GetValue(to) ?? today;
            var first = parseResult.GetValue(from) ?? last.AddDays(-30);
            if (first > last)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("--from liegt nach --to.").ConfigureAwait(false);
                return ExitCodes.WrongUsage;
            }

            await new MigrationRunner(context.DataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var path = parseResult.GetValue(csv)!;
            var temporary = path + ".tmp";
            int count;
            await using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            {
                count = await new KlaerfallQueries(context.DataSource).WriteAuditCsvAsync(first, last, zone, writer, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"{count} Einträge vom {first:dd.MM.yyyy} bis {last:dd.MM.yyyy} geschrieben: {path}")).ConfigureAwait(false);
            return ExitCodes.Done;
        }));
        return audit;
    }

    private static (Option<string> User, Option<string?> Reason, Option<string?> Note) ActorOptions() =>
    (
        new Option<string>("--user") { Description = "The configured user acting (PaymentRecon:Service:Users); their roles decide what is allowed.", HelpName = "U", Required = true },
        new Option<string?>("--grund") { Description = "Reason code (README: ZUORDNUNG_ERMITTELT, VORSCHLAG_GEPRUEFT, SONSTIGES, ...).", HelpName = "CODE" },
        new Option<string?>("--notiz") { Description = "Note (required with SONSTIGES).", HelpName = "TEXT" }
    );

    private static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a date in the form YYYY-MM-DD.");
            return null;
        },
    };

    /// <summary>The configured user named by --user, with their roles; null (and a message) when there is none.</summary>
    private static async Task<KlaerfallActor?> ActorAsync(ParseResult parseResult, CommandContext context, Option<string> user)
    {
        var actor = KlaerfallActors.FromConfiguration(context.Options, parseResult.GetValue(user));
        if (actor is null)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"--user '{parseResult.GetValue(user)}' ist kein konfigurierter Benutzer (PaymentRecon:Service:Users).").ConfigureAwait(false);
        }

        return actor;
    }

    private static async Task<int> ReportAsync(ParseResult parseResult, KlaerfallActionResult result)
    {
        if (result.Succeeded)
        {
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.Message).ConfigureAwait(false);
            return ExitCodes.Done;
        }

        await parseResult.InvocationConfiguration.Error.WriteLineAsync(result.Message).ConfigureAwait(false);
        return result.Status == KlaerfallActionStatus.Conflict ? ExitCodes.CouldNotRun : ExitCodes.WrongUsage;
    }

    private static decimal? ParseAmount(string text)
    {
        var trimmed = text.Trim();
        var culture = trimmed.Contains(',', StringComparison.Ordinal) ? German : CultureInfo.InvariantCulture;
        return decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | (culture == German ? NumberStyles.AllowThousands : NumberStyles.None), culture, out var value)
            && value > 0m && decimal.Round(value, 2) == value
            ? value
            : null;
    }

    private static object Summary(KlaerfallListRow r) => new
    {
        id = r.Id,
        betrag = r.Betrag,
        receiptAmount = r.ReceiptAmount,
        bookingDate = r.BookingDate,
        valueDate = r.ValueDate,
        account = r.AccountIban,
        payerName = r.PayerName,
        payerIban = r.PayerIban,
        remittance = r.Remittance,
        rule = r.Rule,
        assignedTo = r.AssignedTo,
        ageDays = r.AgeDays,
        pendingProposalId = r.PendingProposalId,
        suggestions = r.Suggestions.Select(s => new { rank = s.Rank, kassenzeichen = s.Kassenzeichen, score = s.Score, openAmount = s.OpenAmountWhenSuggested, debtorName = s.DebtorName, reasons = s.Reasons }),
    };

    private static string Table(IReadOnlyList<KlaerfallListRow> rows, KlaerfallPage page)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"ID",6}  {"Buchung",-10}  {"Betrag",12}  {"Regel",-16}  {"Zahler",-26}  Vorschläge\n");
        foreach (var r in rows)
        {
            var suggestions = r.Suggestions.Count == 0
                ? "-"
                : string.Join(", ", r.Suggestions.Select(s => string.Create(German, $"{s.Rank}. {s.Kassenzeichen} ({s.Score}, {s.DebtorName}, offen {s.OpenAmountWhenSuggested:N2})")));
            text.Append(CultureInfo.InvariantCulture, $"{r.Id,6}  {r.BookingDate?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "",-10}  {r.Betrag.ToString("N2", German),12}  {r.Rule,-16}  {Clip(r.PayerName ?? "", 26),-26}  {suggestions}\n");
            if (!string.IsNullOrEmpty(r.Remittance))
            {
                text.Append(CultureInfo.InvariantCulture, $"{"",6}  {Clip(r.Remittance, 100)}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"{page.TotalCount} offene Klärfälle, zusammen {page.TotalAmount.ToString("N2", German)} EUR.");
        return text.ToString();
    }

    private static string Describe(KlaerfallDetail d)
    {
        var text = new StringBuilder();
        void Line(string label, object? value)
        {
            if (value is not null && (value is not string s || s.Length > 0))
            {
                text.Append(CultureInfo.InvariantCulture, $"{label,-22} {Convert.ToString(value, German)}\n");
            }
        }

        Line("Klärfall", d.Id);
        Line("Status", d.Status);
        Line("Verwahrgeld", d.Betrag.ToString("N2", German) + " EUR");
        Line("Regel", d.Rule);
        Line("Bearbeiter", d.AssignedTo);
        Line("Zahlbetrag", d.ReceiptAmount.ToString("N2", German) + " " + d.Currency);
        Line("Buchungstag / Valuta", $"{d.BookingDate:dd.MM.yyyy} / {d.ValueDate:dd.MM.yyyy}");
        Line("Zahlungspflichtiger", d.PayerName);
        Line("IBAN", d.PayerIban);
        for (var i = 0; i < d.RemittanceLines.Count; i++)
        {
            Line(i == 0 ? "Verwendungszweck" : "", d.RemittanceLines[i]);
        }

        Line("EndToEndId", d.EndToEndId);
        Line("Bankreferenz", d.AccountServicerReference);
        Line("Mandat", d.MandateId);
        Line("Auszug", $"{d.MessageType} {d.StatementId}" + (d.ElectronicSequence is { } seq ? $" Nr. {seq}" : "") + $", Konto {d.AccountIban ?? d.AccountKey}");
        Line("Datei", $"{d.FileName} ({d.ArchivePath ?? "nicht archiviert"}), SHA-256 {d.FileSha256}");
        Line("XML-Pfad", d.EntryXmlPath);
        text.Append("Warum kein automatischer Abgleich:\n");
        foreach (var reason in d.Reasons)
        {
            text.Append("  - ").Append(reason).Append('\n');
        }

        text.Append("Vorschläge:\n");
        foreach (var s in d.Suggestions)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {s.Rank}. {s.Kassenzeichen} (Punkte {s.Score}, {s.DebtorName}): {string.Join(" ", s.Reasons)}\n");
            foreach (var soll in s.OpenSoll)
            {
                text.Append(CultureInfo.InvariantCulture, $"       {soll.Verfahren} {soll.AnordnungsNr}, fällig {soll.Faellig:dd.MM.yyyy}, offen {soll.OpenAmount.ToString("N2", German)} EUR, {soll.Schuldner}\n");
            }
        }

        text.Append("Vorschläge zur Freigabe:\n");
        foreach (var p in d.Proposals)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  Vorschlag {p.Id}: {p.KindLabel} {p.Betrag.ToString("N2", German)} EUR {string.Join(", ", p.Targets.Select(t => t.Kassenzeichen))} von {p.ProposedBy} ({p.ReasonCode}): {p.StatusLabel}{(p.DecidedBy is null ? "" : " durch " + p.DecidedBy)}\n");
        }

        text.Append("Protokoll:\n");
        foreach (var a in d.Audit)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {a.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z  {a.Actor}  {a.ActionLabel}{(a.ReasonCode is null ? "" : " [" + a.ReasonCode + "]")}{(a.Rule is null ? "" : " [" + a.Rule + "]")}{(a.Note is null ? "" : ": " + a.Note.Replace('\n', ' '))}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
