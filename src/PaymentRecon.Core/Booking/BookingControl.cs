namespace PaymentRecon.Booking;

/// <summary>The control file's content (<c>BUCHUNGEN_JJJJMMTT_NNNN.json</c>).</summary>
/// <param name="FileName">The CSV it belongs to.</param>
/// <param name="Sha256">Of the CSV bytes, lower-case hex.</param>
public sealed record BookingControl(
    string FileName,
    string RunId,
    int RecordCount,
    IReadOnlyDictionary<Satzart, decimal> SumBySatzart,
    decimal Total,
    string Sha256,
    IReadOnlyList<CoveredStatement> Statements);
