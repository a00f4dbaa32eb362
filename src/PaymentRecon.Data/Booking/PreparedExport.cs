namespace PaymentRecon.Data.Booking;

/// <summary>An export whose lines are fixed (status <c>prepared</c>) but whose files may not be complete yet.</summary>
public sealed record PreparedExport(long Id, DateOnly BusinessDate, int Sequence, string FileName, int LineCount, long? RunId);
