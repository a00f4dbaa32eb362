using System.IO.Compression;
using System.Xml;
using System.Xml.Schema;
using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class FixtureSchemaTests
{
    public static TheoryData<string> ValidFixtures => [.. Fixtures.ValidXml.Select(p => Path.GetFileName(p))];

    public static TheoryData<string> InvalidFixtures => [.. Fixtures.InvalidXml.Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void Every_fixture_is_valid_against_its_ISO_XSD(string name)
    {
        using var stream = File.OpenRead(Fixtures.PathOf(name));
        Validate(stream).Should().BeEmpty();
    }

    [Fact]
    public void Every_statement_in_the_zip_is_valid_against_its_ISO_XSD()
    {
        using var archive = ZipFile.OpenRead(Fixtures.PathOf("statements.zip"));
        archive.Entries.Should().HaveCount(4);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            Validate(stream).Should().BeEmpty(entry.FullName);
        }
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void Every_fixture_is_read_without_a_problem_also_with_XSD_validation_on(string name)
    {
        var message = Fixtures.Read(name, new CamtReaderOptions { ValidateAgainstXsd = true });
        message.Statements.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void Every_invalid_fixture_is_rejected_with_a_located_message(string name)
    {
        var read = () => Fixtures.Read(Path.Combine("invalid", name));
        var problem = read.Should().Throw<CamtFormatException>().Which.Problem;
        problem.Location.Should().MatchRegex(@"^(/|file).*line \d+\)$|^file$");
        problem.Message.Should().NotBeNullOrWhiteSpace();
    }

    private static List<string> Validate(Stream stream)
    {
        var errors = new List<string>();
        var schemas = new XmlSchemaSet();
        foreach (var xsd in Directory.GetFiles(Fixtures.SchemaFolder, "*.xsd"))
        {
            schemas.Add(null, xsd);
        }

        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
