using System.IO.Compression;
using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class CamtFileReaderTests
{
    [Fact]
    public void A_zip_is_read_in_content_order_not_name_order()
    {
        var read = new List<(string Source, string? Iban, DateOnly? Closing, int Entries)>();
        foreach (var message in CamtFileReader.Read(Fixtures.PathOf("statements.zip")))
        {
            foreach (var statement in message.Statements)
            {
                read.Add((message.SourceName, statement.Header.AccountIban, statement.Header.Balances.Single(b => b.TypeCode == "CLBD").Date,
                    statement.Entries.Count()));
            }
        }

        read.Should().Equal(
            ("statements.zip!2026-11-26_C53_DE02120300000000202051_EUR_000999.xml", "DE02120300000000202051", new DateOnly(2026, 11, 26), 1),
            ("statements.zip!2026-11-27_C53_DE02120300000000202051_EUR_000001.xml", "DE02120300000000202051", new DateOnly(2026, 11, 27), 1),
            ("statements.zip!2026-11-26_C53_DE89370400440532013000_EUR_004711.xml", "DE89370400440532013000", new DateOnly(2026, 11, 26), 1),
            ("statements.zip!2026-11-27_C53_DE89370400440532013000_EUR_000917.xml", "DE89370400440532013000", new DateOnly(2026, 11, 27), 1));
    }

    [Fact]
    public void An_xml_file_is_one_message()
    {
        var messages = CamtFileReader.Read(Fixtures.PathOf("053_08_reversal.xml")).Select(m => (m.SourceName, m.Header.MessageId, Count: m.Statements.Count())).ToList();
        messages.Should().Equal(("053_08_reversal.xml", "MSG-053-08-0005", 1));
    }

    [Fact]
    public void A_bad_entry_in_a_zip_rejects_the_zip_and_names_the_entry()
    {
        var exception = ReadZip(archive =>
        {
            archive.CreateEntryFromFile(Fixtures.PathOf("053_08_reversal.xml"), "a.xml");
            archive.CreateEntryFromFile(Fixtures.PathOf(Path.Combine("invalid", "wrong_namespace.xml")), "b.xml");
        });
        exception.SourceName.Should().EndWith(".zip!b.xml");
        exception.Problem.Location.Should().StartWith("b.xml: /");
    }

    [Fact]
    public void A_zip_with_something_else_than_xml_is_rejected()
    {
        var exception = ReadZip(archive =>
        {
            archive.CreateEntryFromFile(Fixtures.PathOf("053_08_reversal.xml"), "a.xml");
            using var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        });
        exception.Problem.Message.Should().Contain("not a camt XML file");
    }

    [Fact]
    public void A_zip_entry_that_unpacks_beyond_the_limit_is_rejected()
    {
        var exception = ReadZip(
            archive => archive.CreateEntryFromFile(Fixtures.PathOf("053_08_kassenzeichen_variants.xml"), "big.xml"),
            new CamtReaderOptions { MaxFileBytes = 4096 });
        exception.Problem.Message.Should().Contain("Camt:MaxFileBytes");
    }

    /// <summary>Builds a ZIP, reads it to the end and returns the rejection it must cause.</summary>
    private static CamtFormatException ReadZip(Action<ZipArchive> fill, CamtReaderOptions? options = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"camt-{Guid.NewGuid():N}.zip");
        try
        {
            using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                fill(archive);
            }

            var read = () => CamtFileReader.Read(path, options).ToList();
            return read.Should().Throw<CamtFormatException>().Which;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
