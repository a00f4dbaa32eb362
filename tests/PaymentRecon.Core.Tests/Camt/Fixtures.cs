using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

/// <summary>The camt fixtures (fixtures/camt, copied beside the test binaries).</summary>
internal static class Fixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "camt");

    public static string SchemaFolder => Path.Combine(AppContext.BaseDirectory, "fixtures", "iso20022-xsd");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static IEnumerable<string> ValidXml => Directory.GetFiles(Folder, "*.xml").Order(StringComparer.Ordinal);

    public static IEnumerable<string> InvalidXml => Directory.GetFiles(Path.Combine(Folder, "invalid"), "*.xml").Order(StringComparer.Ordinal);

    /// <summary>Reads a fixture fully: the message with every statement and its entries materialised.</summary>
    public static ReadMessage Read(string name, CamtReaderOptions? options = null)
    {
        using var stream = File.OpenRead(PathOf(name));
        return ReadMessage.From(CamtReader.Read(stream, name, options));
    }

    public static ReadMessage ReadText(string xml, string name = "test.xml", CamtReaderOptions? options = null)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return ReadMessage.From(CamtReader.Read(stream, name, options));
    }

    public static string Text(string name) => File.ReadAllText(PathOf(name));
}
