using System.Text;
using PaymentRecon.CheckDigits;
using PaymentRecon.Inbox;
using PaymentRecon.Receivables;

namespace PaymentRecon.Core.Tests.Receivables;

/// <summary>The files in <c>fixtures/receivables/</c>, found from the test's output folder upwards.</summary>
internal static class ReceivableFixtures
{
    static ReceivableFixtures() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly KassenzeichenFormat ProsozAlt = new() { MinLength = 10, MaxLength = 10, CheckDigit = CheckDigitScheme.Luhn };

    /// <summary>The profile of <c>fixtures/receivables/paymentrecon.json</c> for the windows-1252 folder.</summary>
    public static readonly ReceivableProfile ProsozAnsi = new()
    {
        Name = "prosoz-ansi",
        Encoding = "windows-1252",
        Columns = new ReceivableColumns
        {
            Verfahren = "Fachverfahren",
            AnordnungsNr = "Anordnung",
            Kassenzeichen = "KZ",
            Betrag = "Betrag EUR",
            Faellig = "Fällig am",
            Schuldner = "Name",
            Haushaltsstelle = "HHSt",
            Text = "Verwendung",
        },
        Kassenzeichen = ProsozAlt,
    };

    public static readonly ReceivableProfile AvvisoLatin9 = new() { Name = "avviso-latin9", Encoding = "iso-8859-15", FileNamePattern = "AVVISO_*.csv" };

    public static string Folder { get; } = FindFolder();

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    public static (IReadOnlyList<ReceivableLine> Rows, IReadOnlyList<ImportProblem> Problems) Read(string relative, ReceivableProfile? profile = null)
    {
        profile ??= ReceivableProfile.Standard;
        var reader = new ReceivableCsvReader(profile, profile.Kassenzeichen ?? KassenzeichenFormat.Default);
        using var stream = File.OpenRead(PathOf(relative));
        using var text = reader.OpenText(stream);
        return reader.ReadAll(text);
    }

    public static (IReadOnlyList<ReceivableLine> Rows, IReadOnlyList<ImportProblem> Problems) ReadText(string content, ReceivableProfile? profile = null)
    {
        profile ??= ReceivableProfile.Standard;
        var reader = new ReceivableCsvReader(profile, profile.Kassenzeichen ?? KassenzeichenFormat.Default);
        using var text = new StringReader(content);
        return reader.ReadAll(text);
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "fixtures", "receivables");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("fixtures/receivables not found above " + AppContext.BaseDirectory);
    }
}
