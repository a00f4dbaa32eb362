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

    /// <summary>First byte of a content fingerprint.</summary>
    public const byte FingerprintPrefix = 0x02;

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
    /// <remarks>
    /// The hashed text is fixed: <c>fp</c>, then each field followed by U+001F, each transaction
    /// introduced by U+001E, in UTF-8; dates <c>yyyy-MM-dd</c>, amounts <c>0.#####</c>, a missing
    /// field empty. Every database stores fingerprints of exactly this text, so it must never change
    /// (a changed text would let a re-delivery of an old day in as new entries).
    /// <see cref="FingerprintWriter"/> writes these bytes straight into a reused buffer: building a
    /// string per entry cost more than the hash itself (SHA-256 runs on the CPU's SHA extensions).
    /// </remarks>
    public static byte[] Fingerprint(Entry entry, FingerprintWriter scratch)
    {
        scratch.Start();
        scratch.Field(entry.BookingDate);
        scratch.Field(entry.ValueDate);
        scratch.Field(entry.Amount.Amount);
        scratch.Field(entry.Amount.Currency.Code);
        scratch.Field(entry.Reversal ? "R" : "");
        scratch.Field(entry.BankTransactionCode.Proprietary);
        scratch.Field(entry.Batches.Count > 0 ? entry.Batches[0].PaymentInformationId : null);
        foreach (var transaction in entry.Transactions)
        {
            scratch.StartTransaction();
            scratch.Field(transaction.Amount?.Amount);
            scratch.Field(transaction.References.EndToEndId);
            scratch.Field(transaction.References.MandateId);
            scratch.Field(transaction.DebtorIban);
            scratch.Field(transaction.CreditorIban);
            foreach (var line in transaction.RemittanceLines)
            {
                scratch.Field(line);
            }
        }

        var key = new byte[1 + SHA256.HashSizeInBytes];
        key[0] = FingerprintPrefix;
        SHA256.HashData(scratch.Written, key.AsSpan(1));
        return key;
    }
}
