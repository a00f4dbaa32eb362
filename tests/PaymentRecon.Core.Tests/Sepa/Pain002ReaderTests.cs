using PaymentRecon.Core.Tests.Providers;
using PaymentRecon.Sepa;

namespace PaymentRecon.Core.Tests.Sepa;

public sealed class Pain002ReaderTests
{
    private static SepaReading<Pain002Document> Read(params string[] path)
    {
        using var stream = File.OpenRead(ProviderReportReaderTests.Fixture(["sepa", .. path]));
        return Pain002Reader.Read(stream);
    }

    [Fact]
    public void Read_TakesRejectedTransactionWithReason_WhenPain00200103()
    {
        var reading = Read("pain.002.001.03-kita-rejected-transaction.xml");

        reading.Problems.Should().BeEmpty();
        var document = reading.Document!;
        document.Should().BeEquivalentTo(new { Version = "pain.002.001.03", MessageId = "STS-20261126-0001", OriginalMessageId = "LK-KITA-2026-12-001", GroupStatus = "PART" });
        var transaction = document.PaymentInformations.Should().ContainSingle().Subject.Transactions.Should().ContainSingle().Subject;
        transaction.Should().BeEquivalentTo(new
        {
            OriginalEndToEndId = "KITA-2026-12-0002",
            Status = "RJCT",
            OriginalAmount = (Money?)Money.Eur(200.00m),
            OriginalMandateId = "KITA-M-0002",
        });
        transaction.Reasons.Should().Equal(new StatusReason("AC04", "Konto erloschen"));
    }

    [Fact]
    public void Read_TakesRejectedBatch_WhenPain00200110()
    {
        var reading = Read("pain.002.001.10-musikschule-rejected-batch.xml");

        reading.Problems.Should().BeEmpty();
        reading.Document!.PaymentInformations.Select(p => (p.OriginalPaymentInformationId, p.Status)).Should().Equal(
            ("MUSIK-2026-12-FRST", "RJCT"), ("MUSIK-2026-12-RCUR", "ACCP"));
        reading.Document.PaymentInformations[0].Reasons.Single().Code.Should().Be("FF01");
    }
}
