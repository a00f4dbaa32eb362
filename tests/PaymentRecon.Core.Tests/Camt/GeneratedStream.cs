namespace PaymentRecon.Core.Tests.Camt;

/// <summary>A prefix, then one byte repeated many times, then a suffix: a huge file that never exists in memory.</summary>
internal sealed class GeneratedStream(byte[] prefix, byte fill, long count, byte[] suffix) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            var at = _position;
            if (at < prefix.Length)
            {
                buffer[written++] = prefix[at];
            }
            else if (at < prefix.Length + count)
            {
                var run = (int)Math.Min(buffer.Length - written, prefix.Length + count - at);
                buffer.Slice(written, run).Fill(fill);
                written += run;
                _position += run - 1;
            }
            else if (at < prefix.Length + count + suffix.Length)
            {
                buffer[written++] = suffix[at - prefix.Length - count];
            }
            else
            {
                break;
            }

            _position++;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
