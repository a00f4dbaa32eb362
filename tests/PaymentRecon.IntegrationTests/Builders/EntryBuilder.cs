using PaymentRecon.Camt;

namespace PaymentRecon.IntegrationTests.Builders;

/// <summary>A camt entry with valid defaults: a booked 10.00 EUR credit with one SEPA transfer paying a Kassenzeichen.</summary>
public sealed class EntryBuilder
{
    private decimal _amount = 10.00m;
    private CreditDebit _creditDebit = CreditDebit.Credit;
    private EntryStatus _status = EntryStatus.Booked;
    private DateOnly _bookingDate = new(2026, 11, 2);
    private string? _reference = "REF-" + Guid.NewGuid().ToString("N")[..12];
    private string? _additionalInfoMessageId;
    private bool _reversal;
    private readonly List<BatchInformation> _batches = [];
    private List<Transaction>? _transactions;
    private string[] _remittance = ["KZ 1008454561158 Grundsteuer"];
    private string? _endToEndId = "E2E-1";

    public EntryBuilder Credit(decimal amount)
    {
        _amount = amount;
        _creditDebit = CreditDebit.Credit;
        return this;
    }

    public EntryBuilder Debit(decimal amount)
    {
        _amount = -amount;
        _creditDebit = CreditDebit.Debit;
        return this;
    }

    public EntryBuilder Status(EntryStatus status)
    {
        _status = status;
        return this;
    }

    public EntryBuilder BookedOn(DateOnly date)
    {
        _bookingDate = date;
        return this;
    }

    /// <summary>AcctSvcrRef; null for a missing one (the reader turns NONREF into null too).</summary>
    public EntryBuilder Reference(string? reference)
    {
        _reference = reference;
        return this;
    }

    public EntryBuilder Remittance(params string[] lines)
    {
        _remittance = lines;
        return this;
    }

    public EntryBuilder EndToEnd(string? endToEndId)
    {
        _endToEndId = endToEndId;
        return this;
    }

    public EntryBuilder Reversal()
    {
        _reversal = true;
        return this;
    }

    /// <summary>A collective entry: <c>Btch</c> with NbOfTxs and PmtInfId, optionally AddtlInfInd/MsgId, and the given items as TxDtls (none: details elsewhere).</summary>
    public EntryBuilder Batch(int numberOfTransactions, string? paymentInformationId, string? detailsMessageId, params decimal[] items)
    {
        _batches.Add(new BatchInformation(null, paymentInformationId, numberOfTransactions, null));
        _additionalInfoMessageId = detailsMessageId;
        _transactions = items.Select((amount, i) => Transaction(i, amount, [$"Posten {i + 1} KZ 10084545611{i % 10}"], $"E2E-ITEM-{i + 1}")).ToList();
        return this;
    }

    /// <summary>Items of a camt.054 notification: no Btch of its own needed, each amount a TxDtls.</summary>
    public EntryBuilder Items(params decimal[] items)
    {
        _transactions = items.Select((amount, i) => Transaction(i, amount, [$"Posten {i + 1} KZ 10084545611{i % 10}"], $"E2E-ITEM-{i + 1}")).ToList();
        return this;
    }

    public EntryBuilder PaymentInformationId(string paymentInformationId)
    {
        _batches.Add(new BatchInformation(null, paymentInformationId, null, null));
        return this;
    }

    public Entry Build(int index, string statementPath)
    {
        var money = Money.Eur(_amount);
        var transactions = _transactions ?? [Transaction(0, _amount, _remittance, _endToEndId)];
        return new Entry(
            index,
            $"{statementPath}/Ntry[{index + 1}]",
            null,
            money,
            _creditDebit,
            _reversal,
            _status,
            _status switch { EntryStatus.Pending => "PDNG", EntryStatus.Information => "INFO", _ => "BOOK" },
            _bookingDate,
            _bookingDate,
            _reference,
            new BankTransactionCode("PMNT", "RCDT", "ESCT", "NTRF+166+00931", "DK"),
            _additionalInfoMessageId is null ? null : "camt.054.001.08",
            _additionalInfoMessageId,
            null,
            null,
            [],
            _batches.ToList(),
            transactions,
            "GUTSCHRIFT");
    }

    private static Transaction Transaction(int index, decimal amount, string[] remittance, string? endToEndId) =>
        new(
            index,
            TransactionReferences.None with { EndToEndId = endToEndId, AccountServicerReference = null },
            Money.Eur(amount),
            Money.Eur(Math.Abs(amount)),
            null,
            new BankTransactionCode(null, null, null, "NTRF+166+00931", "DK"),
            [],
            "Erika Mustermann",
            "DE89370400440532013000",
            null,
            "Landkreis Musterstadt",
            "DE02120300000000202051",
            null,
            null,
            "COBADEFFXXX",
            null,
            remittance,
            null,
            null,
            null,
            null);
}
