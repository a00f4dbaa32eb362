namespace PaymentRecon.Data;

/// <summary>One embedded migration file.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Sha256);
