using Npgsql;
using PaymentRecon.Data.Sepa;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// Own direct debits the cash office has to act on, for the Klärfälle pages: returns
/// (Rücklastschrift) whose reopened Soll waits for a reminder or a new collection
/// (<c>recon.direct_debit_return</c>, status <c>offen</c>), and collections a pain.002 rejected in
/// the last <see cref="RejectedDays"/> days ("Lastschrift abgelehnt": never credited, the Soll stays
/// open).
/// </summary>
internal sealed record DirectDebitFlags(IReadOnlyList<DirectDebitReturn> Returns, IReadOnlyList<RejectedDirectDebit> Rejected)
{
    /// <summary>How far back rejections are shown: they carry no status of their own, the run report lists each once.</summary>
    public const int RejectedDays = 60;

    public bool IsEmpty => Returns.Count == 0 && Rejected.Count == 0;

    public static async Task<DirectDebitFlags> LoadAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var returns = await new DirectDebitReturnStore(connection).OpenAsync(cancellationToken).ConfigureAwait(false);
        var rejected = await new SepaQueries(connection).RejectedCollectionsAsync(now.AddDays(-RejectedDays), cancellationToken).ConfigureAwait(false);
        return new DirectDebitFlags(returns, rejected);
    }

    /// <summary>The flags about one Klärfall: on one of these Kassenzeichen, or on the payment's EndToEndId or mandate.</summary>
    public DirectDebitFlags About(IEnumerable<string?> kassenzeichen, string? endToEndId, string? mandateId)
    {
        var numbers = kassenzeichen.OfType<string>().Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        bool Matches(string? kz, string? e2e, string? mandate) =>
            (kz is not null && numbers.Contains(kz))
            || (endToEndId is not null && e2e == endToEndId)
            || (mandateId is not null && mandate == mandateId);
        return new DirectDebitFlags(
            [.. Returns.Where(r => Matches(r.Kassenzeichen, r.EndToEndId, r.MandateId))],
            [.. Rejected.Where(r => Matches(r.Kassenzeichen, r.EndToEndId, r.MandateId))]);
    }
}
