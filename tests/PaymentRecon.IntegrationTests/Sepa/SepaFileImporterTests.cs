using Dapper;
using Npgsql;
using PaymentRecon.Data.Files;
using PaymentRecon.Data.Sepa;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Sepa;

public sealed class SepaFileImporterTests : IDisposable
{
    private readonly ImportTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ImportAsync_MakesCollectionsFindable_ByEndToEndIdPaymentInformationAndMandate()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, Copy("pain.008.001.02-kita-2026-12.xml"));

        outcome.Status.Should().Be(InboxFileStatus.Imported, outcome.Summary);
        outcome.Summary.Should().Contain("2 Sammler, 5 Lastschrift(en), 1015.50 EUR; 0 ohne erkanntes Kassenzeichen");
        await using var connection = await dataSource.OpenConnectionAsync();
        var queries = new SepaQueries(connection);
        var collection = (await queries.FindCollectionByEndToEndIdAsync("KITA-2026-12-0002", null, CancellationToken.None)).Should().ContainSingle().Subject;
        collection.Should().BeEquivalentTo(new
        {
            MessageId = "LK-KITA-2026-12-001",
            PaymentInformationId = "KITA-2026-12-RCUR",
            RequestedCollectionDate = new DateOnly(2026, 12, 1),
            Amount = 200.00m,
            MandateId = "KITA-M-0002",
            Kassenzeichen = "2000000000011",
            Remittance = "Kita-Beitrag 12/2026 Kassenzeichen 200000 0000011",
            Rejected = false,
        });
        (await queries.FindCollectionByEndToEndIdAsync("KITA-2026-12-0002", "KITA-2026-12-FRST", CancellationToken.None)).Should().BeEmpty();
        (await queries.FindCollectionsByMandateIdAsync("KITA-M-0004", CancellationToken.None)).Single().EndToEndId.Should().Be("KITA-2026-12-0004");
        var batch = (await queries.ByPaymentInformationIdAsync("KITA-2026-12-RCUR", CancellationToken.None)).Should().ContainSingle().Subject;
        batch.Should().BeEquivalentTo(new { CollectionCount = 3L, TotalAmount = 610.50m, RejectedCount = 0L, ExpectedCreditAmount = 610.50m });
        (await queries.CollectionsOfPaymentInformationAsync(batch.Id, CancellationToken.None)).Select(c => c.EndToEndId)
            .Should().Equal("KITA-2026-12-0001", "KITA-2026-12-0002", "KITA-2026-12-0003");
    }

    [Fact]
    public async Task RejectedCollectionsAsync_ListsTheRejectedTransactionWithItsKassenzeichen_WhenPain002RejectsOne()
    {
        var (dataSource, runId) = await SetUpAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        // The status report first: the order of arrival does not matter.
        await ImportAsync(dataSource, runId, Copy("pain.002.001.03-kita-rejected-transaction.xml"));
        await ImportAsync(dataSource, runId, Copy("pain.008.001.02-kita-2026-12.xml"));

        await using var connection = await dataSource.OpenConnectionAsync();
        var queries = new SepaQueries(connection);
        var rejected = (await queries.RejectedCollectionsAsync(before, CancellationToken.None)).Should().ContainSingle().Subject;
        rejected.Should().BeEquivalentTo(new
        {
            ReportMessageId = "STS-20261126-0001",
            Level = "transaction",
            EndToEndId = "KITA-2026-12-0002",
            ReasonCode = "AC04",
            ReasonText = "AC04: Konto erloschen",
            Amount = (decimal?)200.00m,
            Kassenzeichen = "2000000000011",
            DebtorName = "Max Müller",
        });
        rejected.CollectionId.Should().NotBeNull();
        (await queries.FindCollectionByEndToEndIdAsync("KITA-2026-12-0002", null, CancellationToken.None)).Single()
            .Should().BeEquivalentTo(new { Rejected = true, RejectionReason = "AC04" });
        (await queries.ByPaymentInformationIdAsync("KITA-2026-12-RCUR", CancellationToken.None)).Single()
            .Should().BeEquivalentTo(new { RejectedCount = 1L, RejectedAmount = 200.00m, ExpectedCreditAmount = 410.50m, ExpectedCreditCount = 2L });
        (await queries.RejectedCollectionsAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task RejectedCollectionsAsync_ListsEveryCollectionOfTheBatch_WhenPain002RejectsAPaymentInformation()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Copy("pain.008.001.08-musikschule-2026-12.xml"));
        await ImportAsync(dataSource, runId, Copy("pain.002.001.10-musikschule-rejected-batch.xml"));

        await using var connection = await dataSource.OpenConnectionAsync();
        var rejected = await new SepaQueries(connection).RejectedCollectionsAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        rejected.Select(r => (r.EndToEndId, r.Kassenzeichen, r.Level, r.ReasonCode)).Should().Equal(
            ("MUSIK-2026-12-0004", "2000000000038", "payment_information", "FF01"),
            ("MUSIK-2026-12-0005", "2000000000046", "payment_information", "FF01"));
    }

    [Fact]
    public async Task RejectedCollectionsAsync_ListsTheStatusAlone_WhenOriginalIsNotImported()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Copy("pain.002.001.03-kita-rejected-transaction.xml"));

        await using var connection = await dataSource.OpenConnectionAsync();
        var rejected = (await new SepaQueries(connection).RejectedCollectionsAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single();

        rejected.Should().BeEquivalentTo(new { CollectionId = (long?)null, EndToEndId = "KITA-2026-12-0002", MandateId = "KITA-M-0002", Amount = (decimal?)200.00m, Kassenzeichen = (string?)null });
    }

    [Fact]
    public async Task ImportAsync_AddsNothing_WhenSameMessageArrivesReformatted()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Copy("pain.008.001.02-kita-2026-12.xml"));
        var reformatted = Write("again.xml", File.ReadAllText(ImportTestBed.Fixture("sepa", "pain.008.001.02-kita-2026-12.xml")).Replace("\n    ", "\n", StringComparison.Ordinal));

        var outcome = await ImportAsync(dataSource, runId, reformatted);

        outcome.Status.Should().Be(InboxFileStatus.Imported);
        outcome.Summary.Should().Contain("schon aus 'pain.008.001.02-kita-2026-12.xml' übernommen");
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.sepa_collection")).Should().Be(5);
    }

    [Fact]
    public async Task ImportAsync_QuarantinesNamingTheFirstFile_WhenKnownMsgIdHasOtherContent()
    {
        var (dataSource, runId) = await SetUpAsync();
        await ImportAsync(dataSource, runId, Copy("pain.008.001.02-kita-2026-12.xml"));
        var changed = Write("changed.xml", File.ReadAllText(ImportTestBed.Fixture("sepa", "pain.008.001.02-kita-2026-12.xml"))
            .Replace("Erika Mustermann", "Erika Musterfrau", StringComparison.Ordinal));

        var outcome = await ImportAsync(dataSource, runId, changed);

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Single().Should().BeEquivalentTo(new { Value = "LK-KITA-2026-12-001" });
        outcome.Problems.Single().Message.Should().Contain("'pain.008.001.02-kita-2026-12.xml'").And.Contain("anderem Inhalt");
    }

    [Fact]
    public async Task ImportAsync_QuarantinesWithPath_WhenControlSumDoesNotAddUp()
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, Copy("bad", "pain.008-ctrlsum-mismatch.xml"));

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Select(p => p.Location).Should().Contain("/Document/CstmrDrctDbtInitn/PmtInf[2]/CtrlSum (line 64)");
        await using var connection = await dataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.sepa_collection_message")).Should().Be(0);
    }

    [Theory]
    [InlineData("<!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02\"/>", "DTD")]
    [InlineData("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>", "pain.008")]
    [InlineData("not xml at all", "Kein lesbares XML")]
    public async Task ImportAsync_QuarantinesWithReason_WhenFileIsNoPainMessage(string content, string reason)
    {
        var (dataSource, runId) = await SetUpAsync();

        var outcome = await ImportAsync(dataSource, runId, Write("x.xml", content));

        outcome.Status.Should().Be(InboxFileStatus.Quarantined);
        outcome.Problems.Should().Contain(p => p.Message.Contains(reason, StringComparison.Ordinal));
    }

    private Task<(NpgsqlDataSource DataSource, long RunId)> SetUpAsync() => _bed.SetUpAsync();

    private Task<InboxFileOutcome> ImportAsync(NpgsqlDataSource dataSource, long runId, string file) =>
        _bed.ImportAsync(dataSource, runId, "sepa", file, new SepaFileImporter(KassenzeichenFormat.Default).ImportAsync);

    private string Copy(params string[] fixture) => _bed.Copy(["sepa", .. fixture]);

    private string Write(string name, string content) => _bed.Write(name, content);
}
