namespace PaymentRecon.Data.Files;

/// <summary>A file taken from the inbox, identified by its bytes.</summary>
/// <param name="ImportFileId">Its row in <c>recon.import_file</c>; importers reference it from every row they write.</param>
public sealed record InboxFile(long ImportFileId, string Path, string FileName, byte[] Sha256, long SizeBytes)
{
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}
