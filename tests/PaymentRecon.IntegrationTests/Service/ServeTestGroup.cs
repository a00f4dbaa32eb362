namespace PaymentRecon.IntegrationTests.Service;

/// <summary>Service processes are heavy on two cores: one test of them at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServeTestGroup
{
    public const string Name = "serve";
}
