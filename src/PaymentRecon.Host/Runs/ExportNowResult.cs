using PaymentRecon.Booking;

namespace PaymentRecon.Host.Runs;

/// <summary>What "Export now" did: the run it recorded, the booking files written (none when nothing was pending), the report, and control-sum violations that stopped it.</summary>
public sealed record ExportNowResult(long RunId, IReadOnlyList<string> BookingFiles, string ReportFile, IReadOnlyList<ControlSumViolation> Violations)
{
    public bool Exported => Violations.Count == 0;

    /// <summary>German, for the operator.</summary>
    public string Message => Violations.Count > 0
        ? $"Kontrollsumme verletzt ({Violations.Count} Umsatz/Umsätze), nichts exportiert: {string.Join("; ", Violations.Select(v => $"{v.StatementId} {v.EntryReference}: {v.Message}"))}"
        : BookingFiles.Count == 0
            ? $"Nichts Neues zu exportieren. Bericht: {ReportFile}"
            : $"Exportiert: {string.Join(", ", BookingFiles)}. Bericht: {ReportFile}";
}
