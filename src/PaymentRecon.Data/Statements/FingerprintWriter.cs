using System.Globalization;
using System.Text;

namespace PaymentRecon.Data.Statements;

/// <summary>
/// The text <see cref="EntryIdentity.Fingerprint"/> hashes, written as UTF-8 into one buffer that is
/// reused for every entry (one per importing thread; not thread-safe).
/// </summary>
internal sealed class FingerprintWriter
{
    private const byte FieldSeparator = 0x1F;
    private const byte TransactionSeparator = 0x1E;

    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The bytes written since <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new fingerprint text: <c>fp</c> and a field separator.</summary>
    public void Start()
    {
        _length = 0;
        Append("fp"u8);
        Append(FieldSeparator);
    }

    public void StartTransaction() => Append(TransactionSeparator);

    /// <summary>A text field as UTF-8; null is empty.</summary>
    public void Field(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        }

        Append(FieldSeparator);
    }

    /// <summary>A date as <c>yyyy-MM-dd</c>; null is empty.</summary>
    public void Field(DateOnly? value) => Formatted(value, "yyyy-MM-dd", 10);

    /// <summary>An amount normalised (<c>0.#####</c>: 10.50 and 10.5 are the same); null is empty.</summary>
    public void Field(decimal? value) => Formatted(value, "0.#####", 64);

    /// <summary>A value formatted as UTF-8 (invariant culture) and its separator; at most <paramref name="maxBytes"/> bytes.</summary>
    private void Formatted<T>(T? value, string format, int maxBytes)
        where T : struct, IUtf8SpanFormattable
    {
        if (value is { } present)
        {
            Reserve(maxBytes);
            if (!present.TryFormat(_buffer.AsSpan(_length), out var written, format, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"A {typeof(T).Name} did not fit its {maxBytes} bytes.");
            }

            _length += written;
        }

        Append(FieldSeparator);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Append(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
