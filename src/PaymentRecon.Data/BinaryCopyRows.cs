using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace PaymentRecon.Data;

/// <summary>
/// Rows in PostgreSQL's binary COPY format, encoded into one growing buffer, to be sent with
/// <c>NpgsqlConnection.BeginRawBinaryCopyAsync</c> (<see cref="Header"/>, the rows, <see cref="Trailer"/>).
/// </summary>
/// <remarks>
/// Npgsql's <c>NpgsqlBinaryImporter</c> resolves, binds and writes every value through its
/// parameter machinery: with some eighty values per camt entry that was most of the import's
/// client time. Encoding the few types we load here directly is a handful of byte copies per
/// value, and it can run on another thread than the one talking to the server. The formats are
/// those of the types' <c>*_recv</c> functions in PostgreSQL (src/backend/utils/adt).
/// The buffer comes from <see cref="ArrayPool{T}"/>; <see cref="Dispose"/> returns it.
/// <para>It notes which of the first 64 columns got a value in any row (<see cref="ValuedColumns"/>),
/// so that a caller can leave out the columns that are null in every row (<see cref="KeepColumns"/>):
/// PostgreSQL reads and checks every column named in the COPY, null or not, and a column left out
/// of the COPY is null without being read.</para>
/// </remarks>
internal sealed class BinaryCopyRows : IDisposable
{
    // PostgreSQL's fixed type OID of text, written into every text[] value.
    private const int TextOid = 25;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private byte[] _buffer;
    private int _length;
    private int _column;
    private ulong _valued;

    public BinaryCopyRows(int initialBytes = 64 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialBytes);

    /// <summary>Signature, flags and header extension length of a binary COPY stream.</summary>
    public static ReadOnlyMemory<byte> Header { get; } = new byte[] { (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0 };

    /// <summary>The end of a binary COPY stream: a field count of -1.</summary>
    public static ReadOnlyMemory<byte> Trailer { get; } = new byte[] { 0xFF, 0xFF };

    public int Rows { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Bit n set: column n (from 0) had a value in at least one row since the last <see cref="Clear"/>. Columns from 64 on always count as valued.</summary>
    public ulong ValuedColumns => _valued;

    public void StartRow(short columns)
    {
        Rows++;
        _column = 0;
        BinaryPrimitives.WriteInt16BigEndian(Take(2), columns);
    }

    public void Null()
    {
        _column++;
        BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);
    }

    /// <summary>text, varchar, char(n): UTF-8; null is NULL.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Valued();
        Utf8Value(value);
    }

    /// <summary>jsonb: version 1, then the JSON text; null is NULL.</summary>
    public void Jsonb(string? json)
    {
        if (json is null)
        {
            Null();
            return;
        }

        Valued();
        var start = Reserve(5 + Utf8.GetMaxByteCount(json.Length));
        _buffer[start + 4] = 1;
        var written = Utf8.GetBytes(json, _buffer.AsSpan(start + 5));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start), written + 1);
        _length = start + 5 + written;
    }

    public void Bytea(ReadOnlySpan<byte> value)
    {
        Valued();
        BinaryPrimitives.WriteInt32BigEndian(Take(4), value.Length);
        value.CopyTo(Take(value.Length));
    }

    public void Boolean(bool value)
    {
        Valued();
        var span = Take(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
    }

    public void Smallint(short value)
    {
        Valued();
        var span = Take(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
    }

    public void Integer(int value)
    {
        Valued();
        var span = Take(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
    }

    public void Integer(int? value)
    {
        if (value is { } present)
        {
            Integer(present);
        }
        else
        {
            Null();
        }
    }

    public void Bigint(long value)
    {
        Valued();
        var span = Take(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
    }

    public void Bigint(long? value)
    {
        if (value is { } present)
        {
            Bigint(present);
        }
        else
        {
            Null();
        }
    }

    /// <summary>date: days since 2000-01-01; null is NULL.</summary>
    public void Date(DateOnly? value) => Integer(value is { } date ? date.DayNumber - PostgresEpochDay : null);

    /// <summary>
    /// numeric, exactly as the decimal is written: its scale becomes the display scale, so 300 stays
    /// 300 and 10.50 stays 10.50. Base-10000 digits grouped from the decimal point, as numeric_recv
    /// expects: ndigits, weight (of the first group), sign, dscale, digits.
    /// </summary>
    public void Numeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        Valued();
        decimal.GetBits(value, bits);
        var mantissa = unchecked(((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0]);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;

        // 96 bits: at most 29 decimal digits; with the fraction padded to groups of four, 8 groups
        // for the integer part and 7 for the fraction are more than enough.
        Span<short> groups = stackalloc short[16];
        var count = 0;
        // The fraction is filled up to whole groups of four digits: the lowest group gets the
        // missing digits as trailing zeros.
        var pad = (4 - (scale % 4)) % 4;
        var fractionGroups = (scale + pad) / 4;
        var remaining = mantissa;
        var first = true;
        while (remaining != 0)
        {
            short group;
            if (first && pad != 0)
            {
                var divisor = pad switch { 1 => 1000u, 2 => 100u, _ => 10u };
                group = (short)((uint)(remaining % divisor) * (10000u / divisor));
                remaining /= divisor;
            }
            else
            {
                group = (short)(uint)(remaining % 10000u);
                remaining /= 10000u;
            }

            first = false;
            groups[count++] = group;
        }

        // groups holds the base-10000 digits from the lowest up; the lowest fractionGroups of them
        // (when there are that many) stand behind the decimal point.
        var lowest = 0;
        while (lowest < count && groups[lowest] == 0)
        {
            lowest++;
        }

        var digits = count - lowest;
        var weight = digits == 0 ? (short)0 : (short)(count - 1 - fractionGroups);
        var span = Take(4 + 8 + (2 * digits));
        BinaryPrimitives.WriteInt32BigEndian(span, 8 + (2 * digits));
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], weight);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], negative && digits > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(span[10..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(12 + (2 * i))..], groups[count - 1 - i]);
        }
    }

    /// <summary>numeric, or NULL.</summary>
    public void Numeric(decimal? value)
    {
        if (value is { } present)
        {
            Numeric(present);
        }
        else
        {
            Null();
        }
    }

    /// <summary>text[] of one dimension (an empty list: the empty array); no element is null.</summary>
    public void TextArray(IReadOnlyList<string> values)
    {
        Valued();
        var lengthAt = Reserve(4);
        _length = lengthAt + 4;
        var start = _length;
        var header = Take(values.Count == 0 ? 12 : 20);
        BinaryPrimitives.WriteInt32BigEndian(header, values.Count == 0 ? 0 : 1);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], 0);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], TextOid);
        if (values.Count > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(header[12..], values.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[16..], 1);
        }

        foreach (var value in values)
        {
            Utf8Value(value ?? throw new ArgumentException("A text array element is null.", nameof(values)));
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(lengthAt), _length - start);
    }

    /// <summary>
    /// Removes from every row the columns whose bit is not set in <paramref name="keep"/> (each must
    /// be null in every row: see <see cref="ValuedColumns"/>); the COPY then names only the kept
    /// columns. Rows written afterwards are not changed. Rewrites the buffer in place, front to
    /// back: every row only gets shorter.
    /// </summary>
    public void KeepColumns(ulong keep)
    {
        if (Rows == 0)
        {
            return;
        }

        var buffer = _buffer.AsSpan(0, _length);
        var width = Math.Min((int)BinaryPrimitives.ReadInt16BigEndian(buffer), 64);
        var all = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        if ((keep & all) == all)
        {
            return;
        }

        var read = 0;
        var write = 0;
        for (var row = 0; row < Rows; row++)
        {
            var columns = BinaryPrimitives.ReadInt16BigEndian(buffer[read..]);
            var countAt = write;
            read += 2;
            write += 2;
            short kept = 0;
            for (var column = 0; column < columns; column++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(buffer[read..]);
                var size = 4 + Math.Max(length, 0);
                if (column >= 64 || ((keep >> column) & 1) != 0)
                {
                    buffer.Slice(read, size).CopyTo(buffer[write..]);
                    write += size;
                    kept++;
                }
                else if (length != -1)
                {
                    throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Column {column} of row {row} has a value and cannot be left out."));
                }

                read += size;
            }

            BinaryPrimitives.WriteInt16BigEndian(buffer[countAt..], kept);
        }

        _length = write;
    }

    /// <summary>Sends the rows written so far with <paramref name="copy"/> (a <c>COPY ... FROM STDIN (FORMAT BINARY)</c>).</summary>
    public async Task CopyIntoAsync(NpgsqlConnection connection, string copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.WriteAsync(Header, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(Written, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(Trailer, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Disposing a raw COPY would end it (and keep a half-sent row): cancel it instead.
                await stream.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Starts again with no rows, keeping the buffer.</summary>
    public void Clear()
    {
        _length = 0;
        _valued = 0;
        _column = 0;
        Rows = 0;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    /// <summary>Length and UTF-8 bytes: a text value, or an element of a text array.</summary>
    private void Utf8Value(string value)
    {
        var start = Reserve(4 + Utf8.GetMaxByteCount(value.Length));
        var written = Utf8.GetBytes(value, _buffer.AsSpan(start + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start), written);
        _length = start + 4 + written;
    }

    private void Valued()
    {
        if (_column < 64)
        {
            _valued |= 1UL << _column;
        }

        _column++;
    }

    private Span<byte> Take(int bytes)
    {
        var start = Reserve(bytes);
        _length = start + bytes;
        return _buffer.AsSpan(start, bytes);
    }

    /// <summary>Makes room for <paramref name="bytes"/> more; returns where they start.</summary>
    private int Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        return _length;
    }
}
