namespace PaymentRecon.BrowserTests.Infrastructure;

/// <summary>
/// Every browser test shares one seeded database, one <c>serve</c> and one Chromium: starting them
/// takes most of the suite's time on two cores. Tests run one after the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTestGroup : ICollectionFixture<DashboardSite>
{
    public const string Name = "browser";
}
