using PaymentRecon.Receivables;

namespace PaymentRecon.Host.Runs;

/// <summary>How one file in <c>inbox/receivables/</c> is to be read: with a profile, or rejected with a reason.</summary>
internal sealed record ReceivableFileChoice(string Path, ReceivableProfile? Profile, string? Rejection);
