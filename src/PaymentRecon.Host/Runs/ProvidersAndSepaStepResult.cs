namespace PaymentRecon.Host.Runs;

/// <summary>The provider and SEPA step: how many of its files were rejected.</summary>
internal sealed record ProvidersAndSepaStepResult(int Rejected);
