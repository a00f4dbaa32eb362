using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaymentRecon.Receivables;

namespace PaymentRecon.Data.Receivables;

/// <summary>
/// SHA-256 over a Soll row's normalised content (what the reader made of it, not the bytes of the
/// file): <c>250</c> and <c>250,00</c>, or an IBAN with and without spaces, are the same content.
/// </summary>
internal static class ReceivableContentHash
{
    private const char Separator = '\u001F'; // ASCII unit separator: cannot occur in a CSV field we accept

    public static byte[] Compute(Receivable receivable)
    {
        var text = string.Join(Separator,
            receivable.Verfahren,
            receivable.AnordnungsNr,
            receivable.Kassenzeichen.Value,
            receivable.Betrag.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            receivable.Betrag.Currency.Code,
            receivable.Faellig.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            receivable.Schuldner,
            receivable.Iban?.Value ?? "",
            receivable.Haushaltsstelle,
            receivable.Text ?? "");
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return SHA256.HashData(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
