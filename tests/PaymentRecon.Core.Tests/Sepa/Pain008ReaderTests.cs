using System.Text;
using PaymentRecon.Core.Tests.Providers;
using PaymentRecon.Sepa;

namespace PaymentRecon.Core.Tests.Sepa;

public sealed class Pain008ReaderTests
{
    private static SepaReading<Pain008Document> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return new Pain008Reader(KassenzeichenFormat.Default).Read(stream);
    }

    private static SepaReading<Pain008Document> ReadText(string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return new Pain008Reader(KassenzeichenFormat.Default).Read(stream);
    }

    [Fact]
    public void Read_TakesEveryBatchAndTransaction_WhenPain00800102()
    {
        var reading = Read(ProviderReportReaderTests.Fixture("sepa", "pain.008.001.02-kita-2026-12.xml"));

        reading.Problems.Should().BeEmpty();
        var document = reading.Document!;
        document.Should().BeEquivalentTo(new { Version = "pain.008.001.02", MessageId = "LK-KITA-2026-12-001", NumberOfTransactions = 5, ControlSum = 1015.50m });
        document.PaymentInformations.Select(p => p.PaymentInformationId).Should().Equal("KITA-2026-12-RCUR", "KITA-2026-12-FRST");
        var rcur = document.PaymentInformations[0];
        rcur.Should().BeEquivalentTo(new
        {
            RequestedCollectionDate = new DateOnly(2026, 12, 1),
            SequenceType = "RCUR",
            LocalInstrument = "CORE",
            CreditorIban = "DE89370400440532013000",
            CreditorSchemeId = "DE98ZZZ09999999999",
        });
        rcur.Transactions[0].Should().BeEquivalentTo(new
        {
            EndToEndId = "KITA-2026-12-0001",
            Amount = Money.Eur(210.50m),
            MandateId = "KITA-M-0001",
            MandateSignedOn = (DateOnly?)new DateOnly(2024, 8, 1),
            DebtorName = "Erika Mustermann",
            DebtorIban = "DE02120300000000202051",
            CreditorSchemeId = "DE98ZZZ09999999999",
        });
        document.PaymentInformations.SelectMany(p => p.Transactions).Select(t => t.Kassenzeichen).Should().Equal(
            "1008454561158", // spaced in the text
            "2000000000011", // cut across two Ustrd lines
            "2000000000020", // structured creditor reference
            "2000000000038", // after other numbers
            "2000000000046"); // only in the EndToEndId
    }

    [Fact]
    public void Read_TakesIsoDateTimeWithOffset_WhenPain00800108()
    {
        var reading = Read(ProviderReportReaderTests.Fixture("sepa", "pain.008.001.08-musikschule-2026-12.xml"));

        reading.Problems.Should().BeEmpty();
        reading.Document!.Version.Should().Be("pain.008.001.08");
        reading.Document.CreatedAt.Should().Be(new DateTime(2026, 11, 26, 9, 0, 0));
        reading.Document.PaymentInformations.Should().HaveCount(2);
        reading.Document.PaymentInformations[1].Transactions[1].Kassenzeichen.Should().Be("2000000000046");
    }

    [Fact]
    public void Read_ReportsPathAndLine_WhenControlSumDoesNotAddUp()
    {
        var reading = Read(ProviderReportReaderTests.Fixture("sepa", "bad", "pain.008-ctrlsum-mismatch.xml"));

        reading.IsValid.Should().BeFalse();
        reading.Problems.Select(p => (p.Location, p.Value)).Should().BeEquivalentTo(new[]
        {
            ("/Document/CstmrDrctDbtInitn/PmtInf[2]/CtrlSum (line 64)", "450.00"),
            ("/Document/CstmrDrctDbtInitn/GrpHdr/CtrlSum (line 8)", "1060.50"),
        });
        reading.Problems[0].Message.Should().Contain("405.00");
    }

    [Fact]
    public void Read_ReportsCountMismatch_WhenNbOfTxsIsWrong()
    {
        var xml = File.ReadAllText(ProviderReportReaderTests.Fixture("sepa", "pain.008.001.02-kita-2026-12.xml"))
            .Replace("<NbOfTxs>5</NbOfTxs>", "<NbOfTxs>6</NbOfTxs>", StringComparison.Ordinal);

        ReadText(xml).Problems.Should().ContainSingle().Which.Location.Should().StartWith("/Document/CstmrDrctDbtInitn/GrpHdr/NbOfTxs");
    }

    [Fact]
    public void Read_RejectsDtd_WhenFileDeclaresExternalEntity()
    {
        var reading = ReadText("""
            <?xml version="1.0"?>
            <!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"><CstmrDrctDbtInitn><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></CstmrDrctDbtInitn></Document>
            """);

        reading.Document.Should().BeNull();
        reading.Problems.Should().ContainSingle().Which.Message.Should().Contain("DTD");
    }

    [Fact]
    public void Read_ReportsNamespace_WhenNotAPain008()
    {
        var reading = ReadText("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>""");

        reading.Problems.Should().ContainSingle().Which.Value.Should().Be("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
    }

    [Fact]
    public void Read_ReportsEveryMissingField_WhenTransactionIsIncomplete()
    {
        var reading = ReadText("""
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"><CstmrDrctDbtInitn>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-25T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>
            <PmtInf><PmtInfId>P1</PmtInfId><ReqdColltnDt>2026-12-01</ReqdColltnDt>
            <DrctDbtTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId><InstdAmt Ccy="EUR">10.005</InstdAmt></DrctDbtTxInf>
            </PmtInf></CstmrDrctDbtInitn></Document>
            """);

        reading.Problems.Select(p => p.Location).Should().Contain(l => l.StartsWith("/Document/CstmrDrctDbtInitn/PmtInf[1]/DrctDbtTxInf[1]/DrctDbtTx/MndtRltdInf/MndtId", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("/Document/CstmrDrctDbtInitn/PmtInf[1]/DrctDbtTxInf[1]/InstdAmt (line 4)", StringComparison.Ordinal));
    }
}
