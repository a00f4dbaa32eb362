namespace PaymentRecon.Booking;

/// <summary>A provider report whose payout has not reached the bank within the configured days ("Auszahlung nicht eingegangen").</summary>
/// <param name="ExpectedAmount">What the bank credit should be (the payout row's amount, else the sum of net).</param>
/// <param name="Since">The announced payout date, else the last payment in the report.</param>
public sealed record ReportMissingPayout(string Profile, string PayoutId, int LineCount, decimal ExpectedAmount, DateOnly? Since, int DaysWaiting);
