using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaymentRecon.Camt;
using PaymentRecon.Data.Statements;
using PaymentRecon.IntegrationTests.Builders;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests.Statements;

/// <summary>
/// Databases hold content fingerprints computed by the first release (a string built per entry,
/// then SHA-256). The faster writer must give the very same bytes, or a re-delivered old day would
/// come in again as new entries.
/// </summary>
public sealed class EntryIdentityTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Repository.Path("fixtures", "camt"), "*.*").Where(p => p.EndsWith(".xml", StringComparison.Ordinal) || p.EndsWith(".zip", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fingerprint_IsTheFirstReleasesFingerprint_ForEveryFixtureEntry(string fixture)
    {
        var writer = new FingerprintWriter();
        var entries = 0;
        foreach (var message in CamtFileReader.Read(Repository.Path("fixtures", "camt", fixture)))
        {
            foreach (var statement in message.Statements)
            {
                foreach (var entry in statement.Entries)
                {
                    EntryIdentity.Fingerprint(entry, writer).Should().Equal(FirstReleaseFingerprint(entry), entry.XmlPath);
                    entries++;
                }
            }
        }

        entries.Should().BePositive();
    }

    [Fact]
    public void Fingerprint_IsTheFirstReleasesFingerprint_ForUnusualContent()
    {
        var plain = new EntryBuilder().Build(0, "/Document/BkToCstmrStmt/Stmt[1]");
        var transaction = plain.Transactions[0];
        var longLines = Enumerable.Range(0, 40).Select(i => new string('ä', 140) + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var cases = new[]
        {
            plain,
            plain with { BookingDate = null, ValueDate = null },
            plain with { Amount = Money.Eur(-10.5m) },
            plain with { Amount = Money.Eur(1234567.00100m) },
            plain with { Amount = new Money(0.00001m, Currency.EUR) },
            plain with { Reversal = true, BankTransactionCode = BankTransactionCode.Empty },
            plain with { Batches = [new BatchInformation("M", "PMT-ÄÖÜ", 2, null)] },
            plain with { Transactions = [] },
            plain with { Transactions = [transaction with { Amount = null, DebtorIban = null, RemittanceLines = [] }, transaction with { Index = 1 }] },
            plain with { Transactions = [transaction with { RemittanceLines = longLines }] },
            plain with { Transactions = [transaction with { RemittanceLines = ["Straße €", "😀 \uD800 lone", "NOTPROVIDED", ""] }] },
            plain with { Transactions = [transaction with { References = transaction.References with { MandateId = "M-1", EndToEndId = "Ende\u001fzu" } }] },
        };

        var writer = new FingerprintWriter();
        foreach (var entry in cases)
        {
            EntryIdentity.Fingerprint(entry, writer).Should().Equal(FirstReleaseFingerprint(entry));
        }

        cases.Select(c => Convert.ToHexString(EntryIdentity.Fingerprint(c, writer))).Should().OnlyHaveUniqueItems();
    }

    // The algorithm as released in 0002 (EntryIdentity.Fingerprint then): kept word for word.
    private static byte[] FirstReleaseFingerprint(Entry entry)
    {
        var scratch = new StringBuilder();
        scratch.Append("fp\u001f");
        Field(scratch, entry.BookingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field(scratch, entry.ValueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field(scratch, Normalised(entry.Amount.Amount));
        Field(scratch, entry.Amount.Currency.Code);
        Field(scratch, entry.Reversal ? "R" : "");
        Field(scratch, entry.BankTransactionCode.Proprietary);
        Field(scratch, entry.Batches.Count > 0 ? entry.Batches[0].PaymentInformationId : null);
        foreach (var transaction in entry.Transactions)
        {
            scratch.Append('\u001e');
            Field(scratch, transaction.Amount is { } amount ? Normalised(amount.Amount) : null);
            Field(scratch, transaction.References.EndToEndId);
            Field(scratch, transaction.References.MandateId);
            Field(scratch, transaction.DebtorIban);
            Field(scratch, transaction.CreditorIban);
            foreach (var line in transaction.RemittanceLines)
            {
                Field(scratch, line);
            }
        }

        var key = new byte[1 + SHA256.HashSizeInBytes];
        key[0] = 0x02;
        SHA256.HashData(Encoding.UTF8.GetBytes(scratch.ToString()), key.AsSpan(1));
        return key;

        static void Field(StringBuilder builder, string? value) => builder.Append(value).Append('\u001f');

        static string Normalised(decimal value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
    }
}
