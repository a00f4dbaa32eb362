using System.Xml;
using System.Xml.Schema;

namespace PaymentRecon.Camt;

/// <summary>
/// The official ISO 20022 XSDs shipped with the program (embedded from fixtures/iso20022-xsd):
/// camt.052/053/054 in versions .02, .04 and .08. Other versions are read without XSD validation.
/// </summary>
internal static class CamtSchemas
{
    private const string ResourcePrefix = "PaymentRecon.Camt.Xsd.";

    private static readonly Lazy<XmlSchemaSet> Compiled = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>All shipped schemas, compiled once; used read-only by validating readers.</summary>
    public static XmlSchemaSet All => Compiled.Value;

    /// <summary>Namespaces with a shipped XSD, e.g. <c>urn:iso:std:iso:20022:tech:xsd:camt.053.001.08</c>.</summary>
    public static IReadOnlyList<string> Namespaces =>
        [.. All.Schemas().Cast<XmlSchema>().Select(s => s.TargetNamespace!).Order(StringComparer.Ordinal)];

    private static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        var assembly = typeof(CamtSchemas).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }
}
