using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaymentRecon.Camt;

namespace PaymentRecon.Data.Statements;

/// <summary>
/// The keys that make entry import idempotent. An entry is identified by its bank reference
/// (<c>AcctSvcrRef</c>) when it has a usable one, else by a fingerprint of its content; equal keys
/// within one statement are told apart by their occurrence number (computed in SQL).
/// </summary>
internal static class EntryIdentity
{
    /// <summary>First byte of a reference key; fingerprints start with 0x02 and sort after every reference.</summary>
    public const byte ReferencePrefix = 0x01;

    private const string NoReference = "NONREF";

    /// <summary>The bank reference when it can identify the entry: not missing, not <c>NONREF</c>.</summary>
    public static string? UsableReference(Entry entry)
    {
        var reference = entry.AccountServicerReference?.Trim();
        return string.IsNullOrEmpty(reference) || string.Equals(reference, NoReference, StringComparison.OrdinalIgnoreCase) ? null : reference;
    }

    /// <summary>AcctSvcrRef as stored: as read, except that <c>NONREF</c> (no reference) is null.</summary>
    public static string? StoredReference(Entry entry) =>
        string.Equals(entry.AccountServicerReference?.Trim(), NoReference, StringComparison.OrdinalIgnoreCase) ? null : entry.AccountServicerReference;

    /// <summary>
    /// The reference itself (UTF-8) behind the byte 0x01; content fingerprints start with 0x02, so
    /// the two kinds of key can never be equal. Not hashed: banks number their references in
    /// ascending order, so the identity index is appended at its right edge instead of being
    /// written at random places (several times faster for a million entries).
    /// </summary>
    public static byte[] ReferenceKey(string reference)
    {
        var key = new byte[1 + Encoding.UTF8.GetByteCount(reference)];
        key[0] = ReferencePrefix;
        Encoding.UTF8.GetBytes(reference, key.AsSpan(1));
        return key;
    }

    /// <summary>
    /// 0x02 + SHA-256 over what a re-delivery of the same payment repeats: booking and value date, signed
    /// amount (normalised, 10.5 = 10.50), currency, reversal, the proprietary bank code, the batch's
    /// PmtInfId, and per transaction its amount, EndToEndId, mandate, remittance lines and both IBANs.
    /// Not the entry reference nor free booking texts, which banks regenerate.
    /// </summary>
    public static byte[] Fingerprint(Entry entry, StringBuilder scratch)
    {
        scratch.Clear();
        scratch.Append("fp\u001f");
        Field(scratch, entry.BookingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field(scratch, entry.ValueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field(scratch, Normalised(entry.Amount.Amount));
        Field(scratch, entry.Amount.Currency.Code);
        Field(scratch, entry.Reversal ? "R" : "");
        Field(scratch, entry.BankTransactionCode.Proprietary);
        Field(scratch, entry.Batches.Count > 0 ? entry.Batches[0].PaymentInformationId : null);
        foreach (var transaction in entry.Transactions)
        {
            scratch.Append('\u001e');
            Field(scratch, transaction.Amount is { } amount ? Normalised(amount.Amount) : null);
            Field(scratch, transaction.References.EndToEndId);
            Field(scratch, transaction.References.MandateId);
            Field(scratch, transaction.DebtorIban);
            Field(scratch, transaction.CreditorIban);
            foreach (var line in transaction.RemittanceLines)
            {
                Field(scratch, line);
            }
        }

        var key = new byte[1 + SHA256.HashSizeInBytes];
        key[0] = 0x02;
        Hash(scratch.ToString(), key.AsSpan(1));
        return key;
    }

    private static void Field(StringBuilder builder, string? value) => builder.Append(value).Append('\u001f');

    private static string Normalised(decimal value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    private static void Hash(string text, Span<byte> destination)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (maxBytes <= 1024)
        {
            Span<byte> buffer = stackalloc byte[maxBytes];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            SHA256.HashData(buffer[..length], destination);
            return;
        }

        SHA256.HashData(Encoding.UTF8.GetBytes(text), destination);
    }
}
