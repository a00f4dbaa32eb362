using PaymentRecon.Booking;
using PaymentRecon.Data.Reconciliation;
using PaymentRecon.Matching;

namespace PaymentRecon.Host.Runs;

/// <summary>Adds up the decisions of a run as they are stored, so they need not be kept.</summary>
internal sealed class ReconcileTally
{
    private readonly HashSet<long> _statementIds = [];
    private readonly OutcomeTally _outcomes = new();
    private readonly List<DecisionToStore> _outOfScope = [];
    private int _count;
    private int _opened;
    private decimal _openedSum;
    private int _resolved;
    private decimal _resolvedSum;

    public int Count => _count;

    public int Opened => _opened;

    public int Resolved => _resolved;

    public void Add(IEnumerable<DecisionToStore> decisions)
    {
        foreach (var item in decisions)
        {
            var decision = item.Decision;
            _count++;
            _statementIds.Add(item.Row.StatementId);
            _outcomes.Add(decision, item.Row.Receipt.Amount);
            if (item.Kind == "initial")
            {
                if (decision.OpensKlaerfall)
                {
                    _opened++;
                    _openedSum += Vwg(decision);
                }

                if (decision.Outcome == MatchOutcome.OutOfScope)
                {
                    _outOfScope.Add(item);
                }
            }
            else if (item.Kind is "retry" or "replaced")
            {
                _resolved++;
                _resolvedSum -= Vwg(decision);
            }
        }
    }

    public ReconcileResult ToResult() =>
        new(_count, _statementIds, _outcomes.ToList(), _outOfScope, (_opened, _openedSum), (_resolved, _resolvedSum));

    private static decimal Vwg(MatchDecision decision) => decision.Bookings.Where(b => b.Satzart == Satzart.Vwg).Sum(b => b.Amount.Amount);
}
