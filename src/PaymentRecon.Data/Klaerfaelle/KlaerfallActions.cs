using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Klaerfaelle;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// What staff do with a Klärfall, each in one transaction with the Klärfall row locked, each with a
/// reason code and an optional note, each written to the append-only audit trail.
/// </summary>
/// <remarks>
/// Assignment, split and refund are proposals: they take effect when a different user with role
/// approver approves them, or at once where the <see cref="FourEyesPolicy"/> does not require
/// approval. The roles are checked here, not only in the UI. A booking re-checks everything under
/// <see cref="KlaerfallBookingLock"/> and the row locks (Klärfall still open, amounts still open
/// on the Soll) and goes through the reconciliation's own store: decision kind <c>manual</c>,
/// negative VWG and IST lines with Zuordnung MANUELL, exported by the next export like every line.
/// </remarks>
public sealed class KlaerfallActions
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private static readonly CultureInfo GermanNumbers = CultureInfo.GetCultureInfo("de-DE");

    private readonly NpgsqlDataSource _dataSource;
    private readonly FourEyesPolicy _policy;

    public KlaerfallActions(NpgsqlDataSource dataSource, FourEyesPolicy policy)
    {
        _dataSource = dataSource;
        _policy = policy;
    }

    /// <summary>
    /// Proposes booking the Klärfall onto one Kassenzeichen (assignment) or several (split). The
    /// amounts may add up to less than what is held: the rest (Überzahlung) stays Verwahrgeld.
    /// </summary>
    public Task<KlaerfallActionResult> ProposeAssignmentAsync(
        long klaerfallId, IReadOnlyList<ProposalTarget> targets, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return ProposeAsync(klaerfallId, targets.Count > 1 ? "split" : "assign", targets, reasonCode, note, actor, cancellationToken);
    }

    /// <summary>Proposes paying the Verwahrgeld back (Rückzahlung): once effective it is reported; the HKR needs an Auszahlungsanordnung.</summary>
    public Task<KlaerfallActionResult> ProposeRefundAsync(long klaerfallId, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken) =>
        ProposeAsync(klaerfallId, "refund", [], reasonCode, note, actor, cancellationToken);

    /// <summary>Keeps the Klärfall as Verwahrgeld on purpose (status <c>verwahrt</c>): it leaves the worklist and is not retried until <see cref="ReopenAsync"/> takes it back.</summary>
    public Task<KlaerfallActionResult> KeepAsVerwahrgeldAsync(long klaerfallId, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(klaerfallId, KlaerfallAction.Keep, reasonCode, note, actor, requireOpen: true, async (connection, transaction, state) =>
        {
            if (await PendingProposalAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false) is { } pending)
            {
                return (KlaerfallActionResult.Conflict($"Zu Klärfall {klaerfallId} wartet Vorschlag {pending} auf Freigabe; erst zurückziehen oder ablehnen lassen.", pending), null);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.klaerfall SET status = 'verwahrt', updated_at = now() WHERE id = @klaerfallId",
                new { klaerfallId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (new KlaerfallActionResult(KlaerfallActionStatus.Done, $"Klärfall {klaerfallId} bleibt Verwahrgeld ({Number(state.Betrag)} EUR)."), AuditActions.Keep);
        }, cancellationToken);

    /// <summary>
    /// Takes a Klärfall kept as Verwahrgeld (status <c>verwahrt</c>) back into the worklist: status
    /// <c>offen</c> again, so the nightly run tries it again and staff can assign, split or refund it.
    /// Nothing is booked: the Verwahrgeld line stays as it is until the Klärfall is assigned.
    /// </summary>
    public Task<KlaerfallActionResult> ReopenAsync(long klaerfallId, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(klaerfallId, KlaerfallAction.Reopen, reasonCode, note, actor, requireOpen: false, async (connection, transaction, state) =>
        {
            if (state.Status != "verwahrt")
            {
                return (KlaerfallActionResult.Conflict($"Klärfall {klaerfallId} ist nicht als Verwahrgeld belassen (Status {state.Status}); nur solche werden wieder aufgenommen."), null);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.klaerfall SET status = 'offen', updated_at = now() WHERE id = @klaerfallId",
                new { klaerfallId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (new KlaerfallActionResult(KlaerfallActionStatus.Done, $"Klärfall {klaerfallId} ist wieder in der Arbeitsliste ({Number(state.Betrag)} EUR Verwahrgeld)."), AuditActions.Reopen);
        }, cancellationToken);

    /// <summary>Hands the Klärfall to a colleague (null: to nobody). The host checks that the colleague is a configured user.</summary>
    public Task<KlaerfallActionResult> ReassignAsync(long klaerfallId, string? assignee, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(klaerfallId, KlaerfallAction.Reassign, reasonCode, note, actor, requireOpen: false, async (connection, transaction, _) =>
        {
            var name = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.klaerfall SET assigned_to = @name, updated_at = now() WHERE id = @klaerfallId",
                new { name, klaerfallId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (new KlaerfallActionResult(KlaerfallActionStatus.Done, name is null ? $"Klärfall {klaerfallId} ist niemandem mehr zugewiesen." : $"Klärfall {klaerfallId} ist jetzt {name} zugewiesen."), AuditActions.Reassign);
        }, cancellationToken);

    /// <summary>A note on the Klärfall (reason code default <c>ARBEITSVERMERK</c>); notes are part of the append-only audit trail.</summary>
    public Task<KlaerfallActionResult> AddNoteAsync(long klaerfallId, string note, string? reasonCode, KlaerfallActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return Task.FromResult(KlaerfallActionResult.Invalid("Die Notiz ist leer."));
        }

        return ChangeAsync(klaerfallId, KlaerfallAction.Note, reasonCode ?? "ARBEITSVERMERK", note, actor, requireOpen: false, (_, _, _) =>
            Task.FromResult<(KlaerfallActionResult, string?)>((new KlaerfallActionResult(KlaerfallActionStatus.Done, $"Notiz zu Klärfall {klaerfallId} gespeichert."), AuditActions.Note)), cancellationToken);
    }

    /// <summary>
    /// Approves a waiting proposal: only a user with role approver who did not propose it. Books it
    /// (assignment, split) or marks it for refund, in this transaction.
    /// </summary>
    public async Task<KlaerfallActionResult> ApproveAsync(long proposalId, string? reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        reasonCode ??= "VORSCHLAG_GEPRUEFT";
        if (!actor.IsApprover)
        {
            return KlaerfallActionResult.Forbidden($"{actor.Name} hat nicht die Rolle approver und darf keine Vorschläge freigeben.");
        }

        if (KlaerfallReasonCodes.Check(reasonCode, note) is { } problem)
        {
            return KlaerfallActionResult.Invalid(problem);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await KlaerfallBookingLock.TryAcquireAsync(connection, transaction, LockWait, cancellationToken).ConfigureAwait(false))
        {
            return Busy();
        }

        var proposal = await LockProposalAsync(connection, transaction, proposalId, cancellationToken).ConfigureAwait(false);
        if (proposal is null)
        {
            return KlaerfallActionResult.NotFound($"Es gibt keinen Vorschlag {proposalId}.");
        }

        if (proposal.Status != "pending")
        {
            return KlaerfallActionResult.Conflict($"Vorschlag {proposalId} ist {proposal.StatusLabel}, nicht mehr offen.", proposalId);
        }

        if (SameUser(proposal.ProposedBy, actor.Name))
        {
            return KlaerfallActionResult.Forbidden($"Vier-Augen-Prinzip: {actor.Name} hat Vorschlag {proposalId} selbst gemacht und kann ihn nicht freigeben.");
        }

        var state = await LockKlaerfallAsync(connection, transaction, proposal.KlaerfallId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Proposal {proposalId} names Klärfall {proposal.KlaerfallId}, which does not exist.");
        if (state.Status != "offen")
        {
            // Closed otherwise meanwhile (the nightly run found its Soll): the proposal has no object any more.
            await DecideProposalAsync(connection, transaction, proposal, "obsolete", actor, reasonCode, note, cancellationToken).ConfigureAwait(false);
            await AuditAsync(connection, transaction, state.Id, proposalId, actor, AuditActions.Obsolete, reasonCode, note, Snapshot(state, proposal), Snapshot(state, proposal with { Status = "obsolete" }), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return KlaerfallActionResult.Conflict($"Klärfall {state.Id} ist nicht mehr offen (Status {state.Status}); Vorschlag {proposalId} ist gegenstandslos.", proposalId);
        }

        var reasons = new List<string>
        {
            $"{proposal.KindLabel} vorgeschlagen von {proposal.ProposedBy} am {Local(proposal.ProposedAt)} ({KlaerfallReasonCodes.Label(proposal.ReasonCode)}), freigegeben von {actor.Name} ({KlaerfallReasonCodes.Label(reasonCode)}).",
        };
        var effect = await ApplyAsync(connection, transaction, state, proposal, actor.Name, reasons, cancellationToken).ConfigureAwait(false);
        if (effect.Problem is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return KlaerfallActionResult.Conflict($"Vorschlag {proposalId} kann nicht gebucht werden: {effect.Problem}", proposalId);
        }

        await DecideProposalAsync(connection, transaction, proposal, "approved", actor, reasonCode, note, cancellationToken).ConfigureAwait(false);
        var after = await LockKlaerfallAsync(connection, transaction, state.Id, cancellationToken).ConfigureAwait(false);
        await AuditAsync(connection, transaction, state.Id, proposalId, actor, AuditActions.Approve, reasonCode, note, Snapshot(state, proposal), Snapshot(after!, proposal with { Status = "approved", DecidedBy = actor.Name }), cancellationToken).ConfigureAwait(false);
        await AuditAsync(connection, transaction, state.Id, proposalId, actor, effect.Action, proposal.ReasonCode, proposal.Note, Snapshot(state, null), Snapshot(after!, null), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new KlaerfallActionResult(KlaerfallActionStatus.Done, $"Vorschlag {proposalId} freigegeben: {effect.Message}", proposalId);
    }

    /// <summary>Rejects a waiting proposal (role approver; one's own proposal is withdrawn instead).</summary>
    public Task<KlaerfallActionResult> RejectAsync(long proposalId, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsApprover
            ? CloseProposalAsync(proposalId, "rejected", AuditActions.Reject, reasonCode, note, actor, own: false, cancellationToken)
            : Task.FromResult(KlaerfallActionResult.Forbidden($"{actor.Name} hat nicht die Rolle approver und darf keine Vorschläge ablehnen."));
    }

    /// <summary>The proposer takes back a waiting proposal.</summary>
    public Task<KlaerfallActionResult> WithdrawAsync(long proposalId, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken) =>
        CloseProposalAsync(proposalId, "withdrawn", AuditActions.Withdraw, reasonCode, note, actor, own: true, cancellationToken);

    private async Task<KlaerfallActionResult> ProposeAsync(
        long klaerfallId, string kind, IReadOnlyList<ProposalTarget> targets, string reasonCode, string? note, KlaerfallActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsClerk)
        {
            return KlaerfallActionResult.Forbidden($"{actor.Name} hat nicht die Rolle clerk und darf keine Zuordnung, Aufteilung oder Rückzahlung vorschlagen.");
        }

        if (KlaerfallReasonCodes.Check(reasonCode, note) is { } problem)
        {
            return KlaerfallActionResult.Invalid(problem);
        }

        var normalised = new List<ProposalTarget>();
        foreach (var target in targets)
        {
            var kassenzeichen = KassenzeichenText.Normalise(target.Kassenzeichen ?? "");
            if (kassenzeichen.Length == 0)
            {
                return KlaerfallActionResult.Invalid("Ein Kassenzeichen fehlt.");
            }

            if (target.Betrag is <= 0m)
            {
                return KlaerfallActionResult.Invalid($"Betrag für Kassenzeichen {kassenzeichen} muss größer als 0 sein.");
            }

            normalised.Add(target with { Kassenzeichen = kassenzeichen });
        }

        if (kind != "refund" && normalised.Count == 0)
        {
            return KlaerfallActionResult.Invalid("Kein Kassenzeichen angegeben.");
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Taken before the row lock, in the same order as the reconciliation step, because a proposal may take effect at once.
        if (!await KlaerfallBookingLock.TryAcquireAsync(connection, transaction, LockWait, cancellationToken).ConfigureAwait(false))
        {
            return Busy();
        }

        var state = await LockKlaerfallAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return KlaerfallActionResult.NotFound($"Es gibt keinen Klärfall {klaerfallId}.");
        }

        if (state.Status != "offen")
        {
            return KlaerfallActionResult.Conflict($"Klärfall {klaerfallId} ist nicht offen (Status {state.Status}).");
        }

        if (await PendingProposalAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false) is { } pending)
        {
            return KlaerfallActionResult.Conflict($"Zu Klärfall {klaerfallId} wartet bereits Vorschlag {pending} auf Freigabe.", pending);
        }

        decimal amount;
        if (kind == "refund")
        {
            amount = state.Betrag;
        }
        else
        {
            // Checked now against what is open, so the clerk hears at once; checked again when it takes effect.
            var plan = await PlanAsync(connection, transaction, state, normalised, [], lockSoll: false, cancellationToken).ConfigureAwait(false);
            if (plan.Problem is not null)
            {
                return KlaerfallActionResult.Invalid(plan.Problem);
            }

            // The amounts as planned (a target without one gets what was open), so the approver approves exact figures.
            normalised = ResolvedTargets(normalised, plan.Decision!);
            amount = normalised.Sum(t => t.Betrag!.Value);
        }

        var proposal = await InsertProposalAsync(connection, transaction, klaerfallId, kind, normalised, amount, reasonCode, note, actor.Name, cancellationToken).ConfigureAwait(false);
        var proposeAction = kind switch { "assign" => AuditActions.ProposeAssign, "split" => AuditActions.ProposeSplit, _ => AuditActions.ProposeRefund };
        await AuditAsync(connection, transaction, klaerfallId, proposal.Id, actor, proposeAction, reasonCode, note, Snapshot(state, null), Snapshot(state, proposal), cancellationToken).ConfigureAwait(false);

        if (_policy.RequiresApproval(amount))
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new KlaerfallActionResult(KlaerfallActionStatus.Proposed,
                $"{proposal.KindLabel} über {Number(amount)} EUR vorgeschlagen (Vorschlag {proposal.Id}); wirksam erst nach Freigabe durch einen anderen Benutzer mit der Rolle approver.",
                proposal.Id);
        }

        var reasons = new List<string>
        {
            $"{proposal.KindLabel} durch {actor.Name} ({KlaerfallReasonCodes.Label(reasonCode)}); Betrag {Number(amount)} EUR bis zur Freigabegrenze {Number(_policy.Threshold)} EUR: ohne zweite Freigabe wirksam.",
        };
        var effect = await ApplyAsync(connection, transaction, state, proposal, actor.Name, reasons, cancellationToken).ConfigureAwait(false);
        if (effect.Problem is not null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return KlaerfallActionResult.Conflict(effect.Problem);
        }

        await DecideProposalAsync(connection, transaction, proposal, "immediate", actor, null, null, cancellationToken).ConfigureAwait(false);
        var after = await LockKlaerfallAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(connection, transaction, klaerfallId, proposal.Id, actor, effect.Action, reasonCode, note, Snapshot(state, null), Snapshot(after!, proposal with { Status = "immediate", DecidedBy = actor.Name }), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new KlaerfallActionResult(KlaerfallActionStatus.Done, $"{effect.Message} (unter der Freigabegrenze, sofort wirksam)", proposal.Id);
    }

    /// <summary>What an effective proposal does: book it, or mark the Klärfall for refund.</summary>
    private static async Task<(string Action, string Message, string? Problem)> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, KlaerfallState state, KlaerfallProposal proposal, string decidedBy, List<string> reasons, CancellationToken cancellationToken)
    {
        if (proposal.Kind == "refund")
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recon.klaerfall SET status = 'erstattung', updated_at = now() WHERE id = @id",
                new { id = state.Id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (AuditActions.Refund, $"Klärfall {state.Id} zur Rückzahlung von {Number(state.Betrag)} EUR vorgemerkt; der Lauf meldet sie im Bericht (Auszahlungsanordnung im HKR erforderlich).", null);
        }

        var plan = await PlanAsync(connection, transaction, state, proposal.Targets, reasons, lockSoll: true, cancellationToken).ConfigureAwait(false);
        if (plan.Problem is not null)
        {
            return ("", "", plan.Problem);
        }

        // Amounts exactly as proposed: a Soll paid in part meanwhile must fail, not book less.
        var planned = ResolvedTargets(proposal.Targets, plan.Decision!);
        if (!planned.Select(t => t.Betrag).SequenceEqual(proposal.Targets.Select(t => t.Betrag)))
        {
            return ("", "", "die offenen Beträge haben sich seit dem Vorschlag geändert.");
        }

        var store = new ReconciliationStore(connection, transaction);
        var row = (await KlaerfallReceipts.RowsAsync(connection, transaction, [state.ReceiptId], cancellationToken).ConfigureAwait(false)).Single();
        var nextSeq = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT coalesce(max(seq), 0) + 1 FROM recon.decision WHERE receipt_id = @receiptId",
            new { receiptId = state.ReceiptId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await store.StoreAsync(null, [new DecisionToStore(row, plan.Decision!, nextSeq, "manual", null, decidedBy)], plan.OpenAmounts, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE recon.klaerfall SET status = 'zugeordnet', betrag = @remainder, updated_at = now() WHERE id = @id",
            new { id = state.Id, remainder = plan.Remainder.Amount }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var booked = state.Betrag - plan.Remainder.Amount;
        return (AuditActions.Book,
            $"Klärfall {state.Id}: {Number(booked)} EUR auf {string.Join(", ", proposal.Targets.Select(t => t.Kassenzeichen))} gebucht (VWG aufgelöst, IST MANUELL)" +
            (plan.Remainder.IsZero ? "." : $"; {Number(plan.Remainder.Amount)} EUR bleiben Verwahrgeld (Überzahlung)."),
            null);
    }

    private static async Task<ManualPlan> PlanAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, KlaerfallState state, IReadOnlyList<ProposalTarget> targets, IReadOnlyList<string> reasons, bool lockSoll, CancellationToken cancellationToken)
    {
        var rows = await KlaerfallReceipts.RowsAsync(connection, transaction, [state.ReceiptId], cancellationToken).ConfigureAwait(false);
        if (rows.Count != 1)
        {
            return ManualPlan.Failed($"Die Zahlung zu Klärfall {state.Id} ist nicht mehr als Einzelposten vorhanden.");
        }

        var soll = await SollAsync(connection, transaction, [.. targets.Select(t => t.Kassenzeichen).Distinct(StringComparer.Ordinal)], lockSoll, cancellationToken).ConfigureAwait(false);
        var manual = targets.Select(t => new ManualTarget(t.Kassenzeichen, t.Betrag is { } b ? Money.Eur(b) : null, t.SollId)).ToList();
        return PaymentMatcher.AssignManually(new OpenKlaerfall(state.Id, rows[0].Receipt, Money.Eur(state.Betrag)), manual, soll, reasons);
    }

    private static List<ProposalTarget> ResolvedTargets(IReadOnlyList<ProposalTarget> targets, MatchDecision decision)
    {
        // Each target's lines start with its negative VWG release, in target order.
        var releases = decision.Bookings.Where(b => b.Satzart == Satzart.Vwg).Select(b => -b.Amount.Amount).ToList();
        return [.. targets.Select((t, i) => t with { Betrag = releases[i] })];
    }

    private static async Task<List<OpenSoll>> SollAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] kassenzeichen, bool lockRows, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<SollRow>(new CommandDefinition(
            lockRows
                ? "SELECT id, kassenzeichen, verfahren, anordnungs_nr, haushaltsstelle, open_amount, betrag, faellig, schuldner, iban FROM recon.soll WHERE kassenzeichen = ANY(@kassenzeichen) AND betrag > 0 ORDER BY id FOR UPDATE"
                : "SELECT id, kassenzeichen, verfahren, anordnungs_nr, haushaltsstelle, open_amount, betrag, faellig, schuldner, iban FROM recon.soll WHERE kassenzeichen = ANY(@kassenzeichen) AND betrag > 0 ORDER BY id",
            new { kassenzeichen }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new OpenSoll(r.Id, r.Kassenzeichen, r.Verfahren, r.AnordnungsNr, r.Haushaltsstelle, Money.Eur(r.OpenAmount), Money.Eur(r.Betrag), r.Faellig, r.Schuldner, r.Iban))];
    }

    private async Task<KlaerfallActionResult> ChangeAsync(
        long klaerfallId,
        KlaerfallAction action,
        string reasonCode,
        string? note,
        KlaerfallActor actor,
        bool requireOpen,
        Func<NpgsqlConnection, NpgsqlTransaction, KlaerfallState, Task<(KlaerfallActionResult Result, string? AuditAction)>> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsClerk && !(action == KlaerfallAction.Note && actor.IsApprover))
        {
            return KlaerfallActionResult.Forbidden($"{actor.Name} hat nicht die Rolle clerk und darf Klärfälle nicht bearbeiten.");
        }

        if (KlaerfallReasonCodes.Check(reasonCode, note) is { } problem)
        {
            return KlaerfallActionResult.Invalid(problem);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var state = await LockKlaerfallAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return KlaerfallActionResult.NotFound($"Es gibt keinen Klärfall {klaerfallId}.");
        }

        if (requireOpen && state.Status != "offen")
        {
            return KlaerfallActionResult.Conflict($"Klärfall {klaerfallId} ist nicht offen (Status {state.Status}).");
        }

        var (result, auditAction) = await change(connection, transaction, state).ConfigureAwait(false);
        if (!result.Succeeded || auditAction is null)
        {
            return result;
        }

        var after = await LockKlaerfallAsync(connection, transaction, klaerfallId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(connection, transaction, klaerfallId, null, actor, auditAction, reasonCode, note, Snapshot(state, null), Snapshot(after!, null), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<KlaerfallActionResult> CloseProposalAsync(
        long proposalId, string status, string auditAction, string reasonCode, string? note, KlaerfallActor actor, bool own, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (KlaerfallReasonCodes.Check(reasonCode, note) is { } problem)
        {
            return KlaerfallActionResult.Invalid(problem);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var proposal = await LockProposalAsync(connection, transaction, proposalId, cancellationToken).ConfigureAwait(false);
        if (proposal is null)
        {
            return KlaerfallActionResult.NotFound($"Es gibt keinen Vorschlag {proposalId}.");
        }

        if (proposal.Status != "pending")
        {
            return KlaerfallActionResult.Conflict($"Vorschlag {proposalId} ist {proposal.StatusLabel}, nicht mehr offen.", proposalId);
        }

        var mine = SameUser(proposal.ProposedBy, actor.Name);
        if (own && !mine)
        {
            return KlaerfallActionResult.Forbidden($"Nur {proposal.ProposedBy} kann Vorschlag {proposalId} zurückziehen.");
        }

        if (!own && mine)
        {
            return KlaerfallActionResult.Forbidden($"Den eigenen Vorschlag {proposalId} zieht {actor.Name} zurück, statt ihn abzulehnen.");
        }

        var state = await LockKlaerfallAsync(connection, transaction, proposal.KlaerfallId, cancellationToken).ConfigureAwait(false);
        await DecideProposalAsync(connection, transaction, proposal, status, actor, reasonCode, note, cancellationToken).ConfigureAwait(false);
        await AuditAsync(connection, transaction, proposal.KlaerfallId, proposalId, actor, auditAction, reasonCode, note, Snapshot(state!, proposal), Snapshot(state!, proposal with { Status = status, DecidedBy = actor.Name }), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new KlaerfallActionResult(KlaerfallActionStatus.Done, $"Vorschlag {proposalId} {(own ? "zurückgezogen" : "abgelehnt")}.", proposalId);
    }

    private Task<KlaerfallActionResult> CloseProposalAsync(
        long proposalId, string status, string auditAction, string reasonCode, string? note, KlaerfallActor actor, bool own, CancellationToken cancellationToken) =>
        CloseProposalAsync(proposalId, status, auditAction, reasonCode, note, actor, own, _dataSource, cancellationToken);

    private static KlaerfallActionResult Busy() =>
        KlaerfallActionResult.Conflict("Der Abgleich des nächtlichen Laufs bucht gerade; bitte in einigen Minuten erneut versuchen.");

    private static bool SameUser(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Number(decimal amount) => amount.ToString("#,##0.00", GermanNumbers);

    private static string Local(DateTimeOffset at) => at.ToString("dd.MM.yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static async Task<KlaerfallState?> LockKlaerfallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<KlaerfallState>(new CommandDefinition(
            "SELECT id, status, betrag, rule, assigned_to, receipt_id FROM recon.klaerfall WHERE id = @id FOR UPDATE",
            new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

    private static async Task<KlaerfallProposal?> LockProposalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long proposalId, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ProposalRow>(new CommandDefinition(
            KlaerfallQueries.ProposalSelect + " WHERE id = @proposalId FOR UPDATE",
            new { proposalId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))?.ToProposal();

    private static Task<long?> PendingProposalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long klaerfallId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM recon.klaerfall_proposal WHERE klaerfall_id = @klaerfallId AND status = 'pending'",
            new { klaerfallId }, transaction, cancellationToken: cancellationToken));

    private static async Task<KlaerfallProposal> InsertProposalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long klaerfallId, string kind, IReadOnlyList<ProposalTarget> targets, decimal amount,
        string reasonCode, string? note, string proposedBy, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<ProposalRow>(new CommandDefinition(
            """
            INSERT INTO recon.klaerfall_proposal (klaerfall_id, kind, targets, betrag, reason_code, note, proposed_by)
            VALUES (@klaerfallId, @kind, @targets::jsonb, @amount, @reasonCode, @note, @proposedBy)
            RETURNING id, klaerfall_id, kind, targets::text AS targets, betrag, reason_code, note, proposed_by, proposed_at, status, decided_by, decided_at,
                      decision_reason_code, decision_note
            """,
            new
            {
                klaerfallId, kind, targets = JsonSerializer.Serialize(targets, ProposalRow.Json), amount,
                reasonCode = KlaerfallReasonCodes.Find(reasonCode)!.Code, note = Trimmed(note), proposedBy,
            },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToProposal();
    }

    private static Task<int> DecideProposalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, KlaerfallProposal proposal, string status, KlaerfallActor actor, string? reasonCode, string? note, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE recon.klaerfall_proposal
            SET status = @status, decided_by = @decidedBy, decided_at = clock_timestamp(), decision_reason_code = @reasonCode, decision_note = @note
            WHERE id = @id
            """,
            new { id = proposal.Id, status, decidedBy = actor.Name, reasonCode = KlaerfallReasonCodes.Find(reasonCode)?.Code, note = Trimmed(note) },
            transaction, cancellationToken: cancellationToken));

    private static Task<int> AuditAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long klaerfallId, long? proposalId, KlaerfallActor actor, string action,
        string? reasonCode, string? note, string before, string after, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO recon.klaerfall_audit (klaerfall_id, proposal_id, actor, channel, action, reason_code, note, before, after)
            VALUES (@klaerfallId, @proposalId, @actor, @channel, @action, @reasonCode, @note, @before::jsonb, @after::jsonb)
            """,
            new
            {
                klaerfallId, proposalId, actor = actor.Name, channel = actor.Channel == "cli" ? "cli" : "dashboard", action,
                reasonCode = KlaerfallReasonCodes.Find(reasonCode)?.Code ?? reasonCode, note = Trimmed(note), before, after,
            },
            transaction, cancellationToken: cancellationToken));

    private static string? Trimmed(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static string Snapshot(KlaerfallState state, KlaerfallProposal? proposal) => JsonSerializer.Serialize(new
    {
        klaerfall = new { state.Id, state.Status, state.Betrag, state.Rule, state.AssignedTo },
        proposal = proposal is null ? null : new { proposal.Id, proposal.Kind, proposal.Targets, proposal.Betrag, proposal.Status, proposal.ProposedBy, proposal.DecidedBy },
    }, ProposalRow.Json);

    private sealed record KlaerfallState(long Id, string Status, decimal Betrag, string Rule, string? AssignedTo, long ReceiptId);

    private sealed record SollRow(
        long Id, string Kassenzeichen, string Verfahren, string AnordnungsNr, string Haushaltsstelle, decimal OpenAmount, decimal Betrag, DateOnly Faellig, string Schuldner, string? Iban);
}
