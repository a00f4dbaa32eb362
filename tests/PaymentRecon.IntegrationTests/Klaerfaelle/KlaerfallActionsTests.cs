using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Klaerfaelle;
using PaymentRecon.Matching;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>Proposals, the four-eyes rule and what an approved assignment books.</summary>
public sealed class KlaerfallActionsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record Line(string Satzart, decimal Betrag, string? Kassenzeichen, string Zuordnung, string Regel, long? ExportId);

    [Fact]
    public async Task An_assignment_takes_effect_only_when_a_different_approver_approves_it()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var klaerfall = await bed.OpenAsync("KZ 5200000010020");
        var linesBefore = await bed.ScalarAsync<long>("SELECT count(*) FROM recon.booking");

        var proposed = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200-0000-10027")], "KASSENZEICHEN_FEHLERHAFT", "Zahlendreher im KZ", KlaerfallTestBed.ClerkAndApprover, None);

        proposed.Status.Should().Be(KlaerfallActionStatus.Proposed, proposed.Message);
        (await bed.ScalarAsync<long>("SELECT count(*) FROM recon.booking")).Should().Be(linesBefore, "nothing is booked before approval");
        var proposalId = proposed.ProposalId!.Value;
        (await actions.ApproveAsync(proposalId, null, null, KlaerfallTestBed.ClerkAndApprover, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden, "nobody approves their own proposal");
        (await actions.ApproveAsync(proposalId, null, null, KlaerfallTestBed.SecondClerk, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden, "a clerk is no approver");
        (await actions.ApproveAsync(proposalId, null, null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await bed.Queries.DetailAsync(klaerfall.Id, None))!.Status.Should().Be("offen");

        var approved = await actions.ApproveAsync(proposalId, "VORSCHLAG_GEPRUEFT", null, KlaerfallTestBed.Approver, None);

        approved.Status.Should().Be(KlaerfallActionStatus.Done, approved.Message);
        var lines = await bed.QueryAsync<Line>(
            "SELECT satzart, betrag, kassenzeichen, zuordnung, regel, export_id FROM recon.booking_with_export WHERE receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id) ORDER BY id",
            new { id = klaerfall.Id });
        lines.Should().Equal(
            new Line("VWG", 95.00m, null, "AUTO", "KZ-PRUEFZIFFER", lines[0].ExportId),
            new Line("VWG", -95.00m, null, "MANUELL", ManualRules.Assign, null),
            new Line("IST", 95.00m, "5200000010027", "MANUELL", ManualRules.Assign, null));
        (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5200000010027'")).Should().Be(0m);
        var decision = (await bed.QueryAsync<(int Seq, string Kind, string Rule, string DecidedBy, string Outcome)>(
            "SELECT seq, kind, rule, decided_by, outcome FROM recon.decision WHERE receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id) ORDER BY seq",
            new { id = klaerfall.Id }))[^1];
        decision.Should().Be((2, "manual", ManualRules.Assign, "carla", "KlaerfallResolved"));
        var detail = (await bed.Queries.DetailAsync(klaerfall.Id, None))!;
        detail.Status.Should().Be("zugeordnet");
        detail.Betrag.Should().Be(0m);
        detail.Proposals.Should().ContainSingle().Which.Should().Match<KlaerfallProposal>(p => p.Status == "approved" && p.DecidedBy == "carla" && p.ProposedBy == "dora");
        detail.Audit.Select(a => (a.Actor, a.Action)).Should().ContainInOrder(
            ("PaymentRecon", "initial"), ("dora", AuditActions.ProposeAssign), ("carla", AuditActions.Approve), ("carla", AuditActions.Book));
        detail.Audit.Should().Contain(a => a.Action == "manual" && a.Source == "manuell" && a.Actor == "carla");
        (await actions.ApproveAsync(proposalId, null, null, KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Conflict, "a proposal is approved once");
        (await bed.Queries.OpenCountAsync(None)).Should().Be(26);
    }

    [Fact]
    public async Task A_split_books_each_Kassenzeichen_oldest_Soll_first_and_leaves_the_rest_as_Verwahrgeld()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var klaerfall = await bed.OpenAsync("Kassenzeichen 5100000012227");

        var tooMuch = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010449", 71.15m), new("5100000010326", 480m)], "SAMMELZAHLUNG", null, KlaerfallTestBed.Clerk, None);
        tooMuch.Status.Should().Be(KlaerfallActionStatus.Invalid);
        tooMuch.Message.Should().Contain("mehr als das Verwahrgeld");
        (await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010449", 80m)], "SAMMELZAHLUNG", null, KlaerfallTestBed.Clerk, None)).Message
            .Should().Contain("offen sind nur noch 71,15 EUR");
        (await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5999999999990")], "SAMMELZAHLUNG", null, KlaerfallTestBed.Clerk, None)).Status
            .Should().Be(KlaerfallActionStatus.Invalid);
        (await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010449")], "GIBT_ES_NICHT", null, KlaerfallTestBed.Clerk, None)).Status
            .Should().Be(KlaerfallActionStatus.Invalid);
        (await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010449")], KlaerfallReasonCodes.Other, null, KlaerfallTestBed.Clerk, None)).Message
            .Should().Contain("Notiz");

        var split = await actions.ProposeAssignmentAsync(klaerfall.Id, [new("5200000010449"), new("5100000010326", 300m)], "SAMMELZAHLUNG", null, KlaerfallTestBed.Clerk, None);
        split.Status.Should().Be(KlaerfallActionStatus.Proposed, split.Message);
        var proposal = (await bed.Queries.ProposalAsync(split.ProposalId!.Value, None))!;
        proposal.Kind.Should().Be("split");
        proposal.Targets.Should().Equal(new ProposalTarget("5200000010449", 71.15m), new ProposalTarget("5100000010326", 300m));
        proposal.Betrag.Should().Be(371.15m);
        (await actions.ProposeRefundAsync(klaerfall.Id, "DOPPELZAHLUNG", null, KlaerfallTestBed.SecondClerk, None)).Status
            .Should().Be(KlaerfallActionStatus.Conflict, "one proposal waits at a time");

        (await actions.ApproveAsync(proposal.Id, null, "passt", KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Done);

        var lines = await bed.QueryAsync<Line>(
            "SELECT satzart, betrag, kassenzeichen, zuordnung, regel, export_id FROM recon.booking_with_export WHERE receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id) AND zuordnung = 'MANUELL' ORDER BY id",
            new { id = klaerfall.Id });
        lines.Should().Equal(
            new Line("VWG", -71.15m, null, "MANUELL", ManualRules.Split, null),
            new Line("IST", 71.15m, "5200000010449", "MANUELL", ManualRules.Split, null),
            new Line("VWG", -300m, null, "MANUELL", ManualRules.Split, null),
            new Line("IST", 300m, "5100000010326", "MANUELL", ManualRules.Split, null));
        var detail = (await bed.Queries.DetailAsync(klaerfall.Id, None))!;
        detail.Status.Should().Be("zugeordnet");
        detail.Betrag.Should().Be(108.85m, "the Überzahlung stays Verwahrgeld");
        (await bed.ScalarAsync<decimal>("SELECT sum(betrag) FROM recon.booking WHERE satzart = 'VWG' AND receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id)", new { id = klaerfall.Id }))
            .Should().Be(108.85m);
        (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5100000010326'")).Should().Be(180m);
    }

    [Fact]
    public async Task Below_the_four_eyes_threshold_a_proposal_takes_effect_at_once_and_above_it_waits()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions(new FourEyesPolicy(FourEyesMode.AboveAmount, 100m));
        var small = await bed.OpenAsync("KZ 5300000011087");
        var large = await bed.OpenAsync("KZ 5100000011907");

        var immediate = await actions.ProposeAssignmentAsync(small.Id, [new("5300000011084")], "KASSENZEICHEN_FEHLERHAFT", null, KlaerfallTestBed.Clerk, None);
        var waiting = await actions.ProposeAssignmentAsync(large.Id, [new("5100000011904")], "KASSENZEICHEN_FEHLERHAFT", null, KlaerfallTestBed.Clerk, None);

        immediate.Status.Should().Be(KlaerfallActionStatus.Done, immediate.Message);
        waiting.Status.Should().Be(KlaerfallActionStatus.Proposed);
        var detail = (await bed.Queries.DetailAsync(small.Id, None))!;
        detail.Status.Should().Be("zugeordnet");
        detail.Proposals.Single().Status.Should().Be("immediate");
        detail.Audit.Select(a => a.Action).Should().Contain([AuditActions.ProposeAssign, AuditActions.Book]);
        (await bed.Queries.DetailAsync(large.Id, None))!.Status.Should().Be("offen");
    }

    [Fact]
    public async Task Approval_fails_clearly_when_the_Soll_was_paid_meanwhile()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var first = await bed.OpenAsync("Hundesteuer 1153");
        var second = await bed.OpenAsync("KZ 5300000011087");
        var a = await actions.ProposeAssignmentAsync(first.Id, [new("5300000012108")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.Clerk, None);
        var b = await actions.ProposeAssignmentAsync(second.Id, [new("5300000012108")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.SecondClerk, None);
        (await actions.ApproveAsync(a.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Done);

        var late = await actions.ApproveAsync(b.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None);

        late.Status.Should().Be(KlaerfallActionStatus.Conflict);
        late.Message.Should().Contain("5300000012108").And.Contain("vollständig bezahlt");
        (await bed.Queries.DetailAsync(second.Id, None))!.Status.Should().Be("offen");
        (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5300000012108'")).Should().Be(0m);
    }

    [Fact]
    public async Task Refund_keep_reassign_note_reject_and_withdraw_are_recorded_and_viewers_change_nothing()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var refund = await bed.OpenAsync("KZ 5100000010174 Zahlung");
        var keep = await bed.OpenAsync("KZ 5400000011420 Zahlung");
        var other = await bed.OpenAsync("KZ 5400000012088 Zahlung");

        (await actions.ProposeRefundAsync(refund.Id, "DOPPELZAHLUNG", null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.KeepAsVerwahrgeldAsync(keep.Id, "SOLL_FOLGT", null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.AddNoteAsync(keep.Id, "x", null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.ReassignAsync(keep.Id, "anna", "ZUSTAENDIGKEIT", null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);

        var proposed = await actions.ProposeRefundAsync(refund.Id, "DOPPELZAHLUNG", "zweimal gezahlt", KlaerfallTestBed.Clerk, None);
        proposed.Status.Should().Be(KlaerfallActionStatus.Proposed);
        (await actions.ApproveAsync(proposed.ProposalId!.Value, null, null, KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await bed.Queries.DetailAsync(refund.Id, None))!.Should().Match<KlaerfallDetail>(d => d.Status == "erstattung" && d.Betrag == 480m);

        (await actions.KeepAsVerwahrgeldAsync(keep.Id, "SOLL_FOLGT", "Bescheid kommt im Dezember", KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await actions.ReassignAsync(other.Id, "bernd", "ZUSTAENDIGKEIT", "Urlaub", KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await actions.AddNoteAsync(other.Id, "Zahler angeschrieben", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await actions.AddNoteAsync(other.Id, "  ", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Invalid);
        var rejected = await actions.ProposeAssignmentAsync(other.Id, [new("5400000010515")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.Clerk, None);
        (await actions.RejectAsync(rejected.ProposalId!.Value, "BELEG_FEHLT", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.RejectAsync(rejected.ProposalId!.Value, "BELEG_FEHLT", "bitte Beleg", KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        var withdrawn = await actions.ProposeAssignmentAsync(other.Id, [new("5400000010515")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.Clerk, None);
        (await actions.WithdrawAsync(withdrawn.ProposalId!.Value, "VORSCHLAG_FEHLERHAFT", null, KlaerfallTestBed.SecondClerk, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.WithdrawAsync(withdrawn.ProposalId!.Value, "VORSCHLAG_FEHLERHAFT", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);

        (await bed.Queries.DetailAsync(keep.Id, None))!.Status.Should().Be("verwahrt");
        var detail = (await bed.Queries.DetailAsync(other.Id, None))!;
        detail.Status.Should().Be("offen");
        detail.AssignedTo.Should().Be("bernd");
        detail.Notes.Should().ContainSingle().Which.Should().Match<KlaerfallAuditEntry>(n => n.Note == "Zahler angeschrieben" && n.Actor == "anna" && n.ReasonCode == "ARBEITSVERMERK");
        detail.Proposals.Select(p => p.Status).Should().Equal("rejected", "withdrawn");
        var reassigned = detail.Audit.Single(a => a.Action == AuditActions.Reassign);
        reassigned.Before.Should().Contain("\"assignedTo\": null");
        reassigned.After.Should().Contain("\"assignedTo\": \"bernd\"");
        reassigned.ReasonLabel.Should().Be("Zuständigkeit / Vertretung");

        // The next run's report lists the refund for the Auszahlungsanordnung.
        await bed.RunAsync(new DateOnly(2026, 11, 27));
        var report = await File.ReadAllTextAsync(Directory.EnumerateFiles(bed.Folders.Outbox, "BERICHT_20261127_*.html").Single());
        report.Should().Contain("Rückzahlungen (Auszahlungsanordnung erforderlich)").And.Contain($"Klärfall {refund.Id}: Thomas Bäcker");
        var json = await File.ReadAllTextAsync(Directory.EnumerateFiles(bed.Folders.Outbox, "BERICHT_20261127_*.json").Single());
        json.Should().Contain("\"refunds\"").And.Contain("RUECKZAHLUNG");
    }

    [Fact]
    public async Task Verwahrgeld_kept_on_purpose_is_taken_back_into_the_worklist_and_the_next_run_books_it_once_its_Soll_arrives()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var actions = bed.Actions();
        var klaerfall = await bed.OpenAsync("Kassenzeichen 5300000012245");
        var open = await bed.Queries.OpenCountAsync(None);
        (await actions.ReopenAsync(klaerfall.Id, "SOLL_LIEGT_VOR", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Conflict, "only a kept Klärfall is taken back");
        (await actions.KeepAsVerwahrgeldAsync(klaerfall.Id, "SOLL_FOLGT", "Bescheid kommt", KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await bed.Queries.OpenCountAsync(None)).Should().Be(open - 1);

        // Kept: the Soll that arrives is not looked at for it.
        bed.WriteSoll("soll_nachtrag.csv", "HUNDESTEUER;HUN-2026-001224;5300000012245;90,00;20.11.2026;Günter Fuchs;;1.9000.0320;Hundesteuer 1224");
        await bed.RunAsync(new DateOnly(2026, 11, 27));
        (await bed.Queries.DetailAsync(klaerfall.Id, None))!.Status.Should().Be("verwahrt");
        (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5300000012245'")).Should().Be(90m);

        (await actions.ReopenAsync(klaerfall.Id, "SOLL_LIEGT_VOR", null, KlaerfallTestBed.Viewer, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden);
        (await actions.ReopenAsync(klaerfall.Id, "SOLL_LIEGT_VOR", null, KlaerfallTestBed.Approver, None)).Status.Should().Be(KlaerfallActionStatus.Forbidden, "approvers decide on proposals; the worklist is the clerks'");
        (await actions.ReopenAsync(klaerfall.Id, "SOLL_LIEGT_VOR", "Bescheid liegt vor", KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Done);
        (await actions.ReopenAsync(klaerfall.Id, "SOLL_LIEGT_VOR", null, KlaerfallTestBed.Clerk, None)).Status.Should().Be(KlaerfallActionStatus.Conflict, "open already");

        var detail = (await bed.Queries.DetailAsync(klaerfall.Id, None))!;
        detail.Status.Should().Be("offen");
        detail.Audit.Where(a => a.Source == "manuell").Select(a => (a.Actor, a.Action)).Should().Equal(("anna", AuditActions.Keep), ("anna", AuditActions.Reopen));
        var reopened = detail.Audit.Single(a => a.Action == AuditActions.Reopen);
        reopened.Before.Should().Contain("\"status\": \"verwahrt\"");
        reopened.After.Should().Contain("\"status\": \"offen\"");
        (await bed.Queries.OpenCountAsync(None)).Should().Be(open, "back in the worklist");
        (await bed.Queries.ListAsync(new KlaerfallFilter { Text = "Kassenzeichen 5300000012245" }, None)).Rows.Should().ContainSingle();

        // Open again: the next run's retry books it onto the Soll that arrived meanwhile, once.
        await bed.RunAsync(new DateOnly(2026, 11, 28));
        (await bed.Queries.DetailAsync(klaerfall.Id, None))!.Status.Should().Be("zugeordnet");
        (await bed.ScalarAsync<decimal>("SELECT open_amount FROM recon.soll WHERE kassenzeichen = '5300000012245'")).Should().Be(0m);
        (await bed.ScalarAsync<decimal>(
            "SELECT sum(betrag) FROM recon.booking WHERE satzart = 'VWG' AND receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id)", new { id = klaerfall.Id }))
            .Should().Be(0m, "the Verwahrgeld is released exactly once");
        (await bed.QueryAsync<string>("SELECT kind FROM recon.decision WHERE receipt_id = (SELECT receipt_id FROM recon.klaerfall WHERE id = @id) ORDER BY seq", new { id = klaerfall.Id }))
            .Should().Equal("initial", "retry");
    }
}
