namespace PaymentRecon.Data.Reconciliation;

/// <summary>
/// New Klärfälle encoded for their COPY (<see cref="ReconciliationStore.Encode"/>) ahead of being
/// stored, so that encoding them, mostly their suggestions as JSON, can run while the connection
/// is busy with something else.
/// </summary>
public sealed class EncodedKlaerfaelle : IDisposable
{
    internal EncodedKlaerfaelle(BinaryCopyRows rows) => Rows = rows;

    internal BinaryCopyRows Rows { get; }

    /// <summary>Klärfälle in it.</summary>
    public int Count => Rows.Rows;

    public void Dispose() => Rows.Dispose();
}
