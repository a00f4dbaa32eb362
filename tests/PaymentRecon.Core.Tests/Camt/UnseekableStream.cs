namespace PaymentRecon.Core.Tests.Camt;

/// <summary>A stream whose length is unknown, like a network or ZIP stream.</summary>
internal sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();
}
