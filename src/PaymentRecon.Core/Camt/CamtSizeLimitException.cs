namespace PaymentRecon.Camt;

/// <summary>A file grew past <see cref="CamtReaderOptions.MaxFileBytes"/> while it was read; turned into a <see cref="CamtFormatException"/>.</summary>
internal sealed class CamtSizeLimitException : IOException
{
    public CamtSizeLimitException(string message)
        : base(message)
    {
    }
}
