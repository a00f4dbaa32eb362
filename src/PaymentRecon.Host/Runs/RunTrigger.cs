namespace PaymentRecon.Host.Runs;

/// <summary>Who started a run; stored with it (<c>recon.run.trigger</c>).</summary>
public enum RunTrigger
{
    CommandLine,
    Schedule,
    Rerun,
}
