namespace PaymentRecon.Host.Runs;

/// <summary>One execution of the nightly job: for which business date, started by whom, on which folders.</summary>
public sealed record RunRequest(DateOnly BusinessDate, RunTrigger Trigger, RunFolders Folders);
