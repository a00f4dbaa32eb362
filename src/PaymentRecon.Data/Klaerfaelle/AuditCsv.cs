using System.Globalization;
using System.Text;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// The audit trail as CSV for the Rechnungsprüfung: <c>;</c>-separated, German headers, one row per
/// entry, fields quoted when they hold a separator, a quote or a line break (RFC 4180 style).
/// </summary>
internal static class AuditCsv
{
    public static readonly string[] Headers =
    [
        "Zeitpunkt", "Klärfall", "Quelle", "Benutzer", "Aktion", "Aktion (Text)", "Begründungscode", "Begründung",
        "Notiz / Gründe", "Regel", "Vorschlag", "Vorher", "Nachher",
    ];

    public static async Task<int> WriteAsync(IReadOnlyList<KlaerfallAuditEntry> entries, TimeZoneInfo zone, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Line(Headers).AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            var local = TimeZoneInfo.ConvertTime(entry.At, zone);
            await writer.WriteAsync(Line(
            [
                local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                entry.KlaerfallId.ToString(CultureInfo.InvariantCulture),
                entry.Source,
                entry.Actor,
                entry.Action,
                entry.ActionLabel,
                entry.ReasonCode,
                entry.ReasonLabel,
                entry.Note,
                entry.Rule,
                entry.ProposalId?.ToString(CultureInfo.InvariantCulture),
                entry.Before,
                entry.After,
            ]).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }

    private static string Line(IEnumerable<string?> fields)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(';');
            }

            first = false;
            var value = field ?? "";
            if (value.AsSpan().IndexOfAny(";\"\r\n") >= 0)
            {
                line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(value);
            }
        }

        return line.Append("\r\n").ToString();
    }
}
