namespace PaymentRecon.Sepa;

/// <summary>Tells SEPA files apart before reading them: which message a file holds.</summary>
public static class SepaMessage
{
    /// <summary>
    /// The namespace of <c>Document</c> and the local name of its message element
    /// (<see cref="Pain008Reader.Message"/>, <see cref="Pain002Reader.Message"/>, ...); nulls when
    /// the file is no readable ISO 20022 document. Reads only up to the message element.
    /// </summary>
    public static (string? Namespace, string? Message) Detect(Stream stream) => SepaXml.Detect(stream);
}
