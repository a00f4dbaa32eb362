using PaymentRecon.Camt;

namespace PaymentRecon.IntegrationTests.Builders;

/// <summary>
/// A camt message with one statement (Stmt, Rpt or Ntfctn) built from <see cref="EntryBuilder"/>s.
/// The balances add up unless told otherwise; entries stream lazily like the reader's.
/// </summary>
public sealed class StatementBuilder
{
    public const string AccountIban = "DE02120300000000202051";

    private readonly List<EntryBuilder> _entries = [];
    private CamtMessageType _type = CamtMessageType.Camt053;
    private string _messageId = "MSG-" + Guid.NewGuid().ToString("N")[..10];
    private string _statementId = "2026-11-02-001";
    private long? _electronicSequence = 1;
    private long? _legalSequence;
    private CopyDuplicate _copyDuplicate = Camt.CopyDuplicate.Original;
    private decimal? _opening = 1000.00m;
    private decimal? _closing;
    private bool _closingGiven;
    private int? _failAfter;
    private string _iban = AccountIban;

    public StatementBuilder Type(CamtMessageType type)
    {
        _type = type;
        if (type == CamtMessageType.Camt054)
        {
            _opening = null;
        }

        return this;
    }

    public StatementBuilder MessageId(string messageId)
    {
        _messageId = messageId;
        return this;
    }

    public StatementBuilder Statement(string id, long? electronicSequence, long? legalSequence = null)
    {
        _statementId = id;
        _electronicSequence = electronicSequence;
        _legalSequence = legalSequence;
        return this;
    }

    public StatementBuilder Account(string iban)
    {
        _iban = iban;
        return this;
    }

    public StatementBuilder CopyDuplicate(CopyDuplicate value)
    {
        _copyDuplicate = value;
        return this;
    }

    public StatementBuilder Balances(decimal? opening, decimal? closing)
    {
        _opening = opening;
        _closing = closing;
        _closingGiven = true;
        return this;
    }

    public StatementBuilder Opening(decimal opening)
    {
        _opening = opening;
        return this;
    }

    public StatementBuilder Entry(EntryBuilder entry)
    {
        _entries.Add(entry);
        return this;
    }

    public StatementBuilder Entries(params EntryBuilder[] entries)
    {
        _entries.AddRange(entries);
        return this;
    }

    /// <summary>The entry enumeration throws after this many entries, like a reader hitting a broken element.</summary>
    public StatementBuilder FailAfter(int entries)
    {
        _failAfter = entries;
        return this;
    }

    public CamtMessage Build() => new(new CamtMessageHeader(_type, "001.08", _messageId, new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.FromHours(1)), null, null), [BuildStatement()]);

    public CamtStatementReading BuildStatement()
    {
        var root = _type switch { CamtMessageType.Camt052 => "BkToCstmrAcctRpt/Rpt", CamtMessageType.Camt054 => "BkToCstmrDbtCdtNtfctn/Ntfctn", _ => "BkToCstmrStmt/Stmt" };
        var path = $"/Document/{root}[1]";
        var built = _entries.Select((e, i) => e.Build(i, path)).ToList();
        var closing = _closingGiven ? _closing : _opening + built.Where(e => e.Status == EntryStatus.Booked).Sum(e => e.Amount.Amount);
        var balances = new List<Balance>();
        if (_opening is { } opening)
        {
            balances.Add(new Balance("PRCD", Money.Eur(opening), new DateOnly(2026, 11, 1)));
        }

        if (closing is { } close)
        {
            balances.Add(new Balance("CLBD", Money.Eur(close), new DateOnly(2026, 11, 2)));
        }

        var header = new StatementHeader(0, path, _statementId, _electronicSequence, _legalSequence, null, null, null, _copyDuplicate, null, null,
            _iban, null, Currency.EUR, "Landkreis Musterstadt", "COBADEFFXXX", balances, null);
        return new CamtStatementReading(header, Stream(built, _failAfter));
    }

    private static IEnumerable<Entry> Stream(List<Entry> entries, int? failAfter)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (i == failAfter)
            {
                throw new Inbox.ImportFileRejectedException(new Inbox.ImportProblem(entries[i].XmlPath + "/Amt", "x", "Betrag ist keine Zahl."));
            }

            yield return entries[i];
        }
    }
}
