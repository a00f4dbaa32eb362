using PaymentRecon.Data.Klaerfaelle;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>The worklist, a Klärfall's page and the Soll search, on the Klärfälle of the first demo day.</summary>
public sealed class KlaerfallQueriesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task List_returns_the_open_Klaerfaelle_with_totals_and_suggestions()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();

        var page = await bed.Queries.ListAsync(new KlaerfallFilter { PageSize = 500 }, None);

        var open = await bed.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE status = 'offen'");
        var sum = await bed.ScalarAsync<decimal>("SELECT sum(betrag) FROM recon.klaerfall WHERE status = 'offen'");
        page.TotalCount.Should().Be((int)open).And.BeGreaterThan(20);
        page.TotalAmount.Should().Be(sum);
        page.Rows.Should().HaveCount((int)open);
        (await bed.Queries.OpenCountAsync(None)).Should().Be((int)open);
        var muller = page.Rows.Should().ContainSingle(r => r.Remittance == "KZ 5300000011087").Subject;
        muller.PayerName.Should().Be("Hans-Peter Müller");
        muller.PayerIban.Should().Be("DE26163155736243932822");
        muller.Betrag.Should().Be(66.00m);
        muller.ReceiptAmount.Should().Be(66.00m);
        muller.Rule.Should().Be("KZ-PRUEFZIFFER");
        muller.BookingDate.Should().Be(new DateOnly(2026, 11, 26));
        muller.OpenedOn.Should().Be(new DateOnly(2026, 11, 26));
        muller.AccountIban.Should().NotBeNullOrEmpty();
        muller.Suggestions.Should().NotBeEmpty();
        muller.Suggestions[0].Kassenzeichen.Should().Be("5300000011084");
        muller.Suggestions[0].OpenAmountWhenSuggested.Should().Be(66.00m);
        // A collective total waiting for its camt.054 is held as VWG and listed too.
        page.Rows.Should().Contain(r => r.Rule == "SAMMLER-OFFEN" && r.Betrag == 316.00m);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_the_totals()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var queries = bed.Queries;
        async Task<KlaerfallPage> List(KlaerfallFilter filter) => await queries.ListAsync(filter with { PageSize = 500 }, None);

        // Free text: case-insensitive over payer, IBAN (also typed with spaces) and remittance text.
        (await List(new() { Text = "hans-peter müller" })).Rows.Should().ContainSingle().Which.Remittance.Should().Be("KZ 5300000011087");
        (await List(new() { Text = "de26 1631 5573 6243 9328 22" })).Rows.Should().ContainSingle().Which.PayerName.Should().Be("Hans-Peter Müller");
        (await List(new() { Text = "MAHNGEBUEHR" })).TotalCount.Should().Be(8);
        (await List(new() { Text = "50%_" })).TotalCount.Should().Be(0, "LIKE wildcards in the search text are taken literally");

        var amounts = await List(new() { AmountFrom = 90m, AmountTo = 95m });
        amounts.Rows.Should().OnlyContain(r => r.Betrag >= 90m && r.Betrag <= 95m).And.HaveCount(3);
        amounts.TotalAmount.Should().Be(280m);

        (await List(new() { Rule = "KZ-FEHLT" })).Rows.Should().HaveCount(5).And.OnlyContain(r => r.Rule == "KZ-FEHLT");
        (await List(new() { BookedFrom = new DateOnly(2026, 11, 27) })).TotalCount.Should().Be(0);
        (await List(new() { BookedFrom = new DateOnly(2026, 11, 26), BookedTo = new DateOnly(2026, 11, 26) })).TotalCount.Should().Be(27);
        var account = (await List(new())).Rows[0].AccountIban!;
        (await List(new() { AccountIban = account })).TotalCount.Should().Be(27);
        (await List(new() { AccountIban = "DE89370400440532013000" })).TotalCount.Should().Be(0);

        // Age counts from the business date of the run that opened the Klärfall.
        (await List(new() { Today = new DateOnly(2026, 12, 6), MinAgeDays = 10 })).TotalCount.Should().Be(27);
        (await List(new() { Today = new DateOnly(2026, 12, 6), MinAgeDays = 11 })).TotalCount.Should().Be(0);
        (await List(new() { Today = new DateOnly(2026, 12, 6), MaxAgeDays = 9 })).TotalCount.Should().Be(0);
        (await List(new() { Today = new DateOnly(2026, 12, 6) })).Rows.Should().OnlyContain(r => r.AgeDays == 10);

        var target = (await List(new() { Text = "KZ 5200000010020" })).Rows.Single();
        (await bed.Actions().ReassignAsync(target.Id, "bernd", "ZUSTAENDIGKEIT", null, KlaerfallTestBed.Clerk, None)).Succeeded.Should().BeTrue();
        (await List(new() { AssignedTo = "bernd" })).Rows.Should().ContainSingle().Which.Id.Should().Be(target.Id);
        (await List(new() { AssignedTo = KlaerfallFilter.Unassigned })).TotalCount.Should().Be(26);

        (await bed.Actions().ProposeAssignmentAsync(target.Id, [new("5200000010027")], "ZUORDNUNG_ERMITTELT", null, KlaerfallTestBed.Clerk, None)).Status
            .Should().Be(KlaerfallActionStatus.Proposed);
        (await List(new() { PendingApproval = true })).Rows.Should().ContainSingle().Which.PendingProposalId.Should().NotBeNull();
        (await List(new() { PendingApproval = false })).TotalCount.Should().Be(26);

        var (accounts, rules, assigned) = await queries.FilterValuesAsync(None);
        accounts.Should().ContainSingle().Which.Should().Be(account);
        rules.Should().Contain(["KZ-FEHLT", "KZ-PRUEFZIFFER", "SAMMLER-OFFEN"]);
        assigned.Should().Equal("bernd");
    }

    [Fact]
    public async Task Sorting_is_stable_and_paging_keeps_the_totals_of_the_whole_set()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var all = (await bed.Queries.ListAsync(new KlaerfallFilter { Sort = KlaerfallSort.Amount, Descending = true, PageSize = 500 }, None)).Rows;

        all.Select(r => (r.Betrag, r.Id)).Should().BeInDescendingOrder();
        var pages = new List<KlaerfallListRow>();
        for (var number = 1; number <= 6; number++)
        {
            var page = await bed.Queries.ListAsync(new KlaerfallFilter { Sort = KlaerfallSort.Amount, Descending = true, PageSize = 5, Page = number }, None);
            page.TotalCount.Should().Be(27);
            page.PageCount.Should().Be(6);
            page.TotalAmount.Should().Be(all.Sum(r => r.Betrag));
            pages.AddRange(page.Rows);
        }

        pages.Select(r => r.Id).Should().Equal(all.Select(r => r.Id));
        var beyond = await bed.Queries.ListAsync(new KlaerfallFilter { PageSize = 5, Page = 7 }, None);
        beyond.Rows.Should().BeEmpty();
        beyond.TotalCount.Should().Be(27);

        var byPayer = (await bed.Queries.ListAsync(new KlaerfallFilter { Sort = KlaerfallSort.Payer, PageSize = 500 }, None)).Rows;
        byPayer.Where(r => r.PayerName is not null).Select(r => r.PayerName!.ToLowerInvariant()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        byPayer[^1].PayerName.Should().BeNull("a Klärfall without a payer name sorts last");
        var byDate = (await bed.Queries.ListAsync(new KlaerfallFilter { Sort = KlaerfallSort.Date, PageSize = 500 }, None)).Rows;
        byDate.Select(r => r.Id).Should().BeInAscendingOrder("all were booked on one day, so the id breaks the tie");
        var byAge = (await bed.Queries.ListAsync(new KlaerfallFilter { Sort = KlaerfallSort.Age, Descending = true, PageSize = 500 }, None)).Rows;
        byAge.Select(r => r.Id).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task Detail_shows_the_payment_as_sent_its_statement_and_file_and_the_open_Soll_of_each_suggestion()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var row = await bed.OpenAsync("KZ 5300000011087");

        var detail = (await bed.Queries.DetailAsync(row.Id, None))!;

        detail.Status.Should().Be("offen");
        detail.Betrag.Should().Be(66.00m);
        detail.PayerName.Should().Be("Hans-Peter Müller");
        detail.PayerIban.Should().Be("DE26163155736243932822");
        detail.RemittanceLines.Should().Equal("KZ 5300000011087");
        detail.BookingDate.Should().Be(new DateOnly(2026, 11, 26));
        detail.ValueDate.Should().Be(new DateOnly(2026, 11, 26));
        detail.Currency.Should().Be("EUR");
        detail.Reasons.Should().Contain(r => r.Contains("Prüfziffer", StringComparison.Ordinal));
        detail.MessageType.Should().Be("camt.053");
        detail.StatementId.Should().NotBeNullOrEmpty();
        detail.EntryXmlPath.Should().StartWith("/Document/BkToCstmrStmt/Stmt[1]/Ntry[");
        detail.FileName.Should().Be("camt053_20261126.xml");
        detail.ArchivePath.Should().EndWith("camt053_20261126.xml");
        detail.FileSha256.Should().MatchRegex("^[0-9a-f]{64}$");
        var best = detail.Suggestions[0];
        best.Kassenzeichen.Should().Be("5300000011084");
        best.Reasons.Should().NotBeEmpty();
        best.OpenSoll.Should().ContainSingle().Which.Should().Match<SollHit>(s => s.OpenAmount == 66.00m && s.Schuldner == "Hans-Peter Müller" && s.Faellig.Year == 2026);
        detail.Audit.Should().ContainSingle().Which.Should().Match<KlaerfallAuditEntry>(a => a.Source == "automatisch" && a.Action == "initial" && a.Rule == "KZ-PRUEFZIFFER");
        detail.Proposals.Should().BeEmpty();
        (await bed.Queries.DetailAsync(999_999, None)).Should().BeNull();
        var collective = await bed.OpenAsync("SAMMLER");
        (await bed.Queries.DetailAsync(collective.Id, None))!.Betrag.Should().Be(316.00m);
    }

    [Fact]
    public async Task Soll_search_finds_open_Soll_by_any_spelling_of_the_Kassenzeichen_by_amount_and_by_debtor()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();

        var byKassenzeichen = await bed.Queries.SearchSollAsync("KZ 5200.0000-1002/7", 20, None);
        byKassenzeichen.Should().ContainSingle().Which.AnordnungsNr.Should().Be("KIT-2026-001002");
        (await bed.Queries.SearchSollAsync("5200 0000 100", 50, None)).Should().Contain(s => s.Kassenzeichen == "5200000010027");
        var byAmount = await bed.Queries.SearchSollAsync("1.250,00", 50, None);
        byAmount.Should().NotBeEmpty().And.OnlyContain(s => s.OpenAmount == 1250m || s.Betrag == 1250m);
        var byName = await bed.Queries.SearchSollAsync("özlem jäger", 50, None);
        byName.Should().Contain(s => s.Kassenzeichen == "5200000010027");
        (await bed.Queries.SearchSollAsync("5300000011033", 5, None)).Should().BeEmpty("that Soll was paid on the first day: only open Soll are found");
    }
}
