using System.Globalization;

namespace PaymentRecon.Camt;

internal sealed partial class CamtXmlParser
{
    private static readonly IReadOnlyList<Charge> NoCharges = [];
    private static readonly IReadOnlyList<BatchInformation> NoBatches = [];
    private static readonly IReadOnlyList<Transaction> NoTransactions = [];
    private static readonly IReadOnlyList<string> NoLines = [];

    private BankTransactionCode _lastCode = BankTransactionCode.Empty;

    private Entry? ReadNextEntry(StatementState state)
    {
        if (state.Ended)
        {
            return null;
        }

        if (!ReferenceEquals(_current, state) || _disposed)
        {
            throw new InvalidOperationException("The entries of a camt statement can be read once, before moving to the next statement.");
        }

        try
        {
            while (Next(state.Depth))
            {
                if (Is(_n.Ntry))
                {
                    return ReadEntry(state);
                }

                if (Is(_additionalInfoName))
                {
                    state.AdditionalInformation = Text(500);
                    continue;
                }

                Skip();
            }

            state.Ended = true;
            Pop();
            state.Reading!.Complete(state.AdditionalInformation);
            return null;
        }
        catch (Exception exception)
        {
            throw Rethrow(exception);
        }
    }

    private Entry ReadEntry(StatementState state)
    {
        var number = ++state.EntryCount;
        Push(_n.Ntry, number);
        string? reference = null;
        Money? amount = null;
        var creditDebit = CreditDebit.None;
        var reversal = false;
        var status = EntryStatus.None;
        string? statusCode = null;
        DateOnly? bookingDate = null;
        DateOnly? valueDate = null;
        string? servicerReference = null;
        BankTransactionCode? code = null;
        string? messageNameId = null;
        string? messageId = null;
        Money? instructed = null;
        Money? transactionAmount = null;
        List<Charge>? charges = null;
        List<BatchInformation>? batches = null;
        List<Transaction>? transactions = null;
        string? additional = null;
        var details = 0;

        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Amt))
            {
                amount = Amount();
            }
            else if (Is(_n.CdtDbtInd))
            {
                creditDebit = CreditDebitCode();
            }
            else if (Is(_n.Sts))
            {
                (status, statusCode) = Status();
            }
            else if (Is(_n.BookgDt))
            {
                Push(_n.BookgDt);
                bookingDate = DateChoice();
                Pop();
            }
            else if (Is(_n.ValDt))
            {
                Push(_n.ValDt);
                valueDate = DateChoice();
                Pop();
            }
            else if (Is(_n.AcctSvcrRef))
            {
                servicerReference = Reference(nonRefIsEmpty: true);
            }
            else if (Is(_n.BkTxCd))
            {
                code = TransactionCode();
            }
            else if (Is(_n.NtryDtls))
            {
                if (amount is null || creditDebit == CreditDebit.None)
                {
                    throw Fail($"Ntry has no {(amount is null ? "Amt" : "CdtDbtInd")} (required, before NtryDtls).");
                }

                EntryDetails(++details, creditDebit, ref batches, ref transactions);
            }
            else if (Is(_n.NtryRef))
            {
                reference = Text(35);
            }
            else if (Is(_n.RvslInd))
            {
                reversal = Boolean();
            }
            else if (Is(_n.AddtlInfInd))
            {
                (messageNameId, messageId) = TwoChildren(_n.MsgNmId, () => Text(35), _n.MsgId, () => Text(35));
            }
            else if (Is(_n.AmtDtls))
            {
                (instructed, transactionAmount) = AmountDetails();
            }
            else if (Is(_n.Chrgs))
            {
                Charges(ref charges);
            }
            else if (Is(_n.AddtlNtryInf))
            {
                additional = Text(500);
            }
            else
            {
                Skip();
            }
        }

        var missing = amount is null ? "Amt" : creditDebit == CreditDebit.None ? "CdtDbtInd" : statusCode is null ? "Sts" : code is null ? "BkTxCd" : null;
        if (missing is not null)
        {
            throw Fail($"Ntry has no {missing} (required).");
        }

        var signed = Signed(amount!.Value, creditDebit);
        if (transactions is [{ Amount: null } single])
        {
            transactions[0] = single with { Amount = signed };
        }

        Pop();
        return new Entry(
            number - 1,
            string.Create(CultureInfo.InvariantCulture, $"{state.Path}/{_n.Ntry}[{number}]"),
            reference,
            signed,
            creditDebit,
            reversal,
            status,
            statusCode!,
            bookingDate,
            valueDate,
            servicerReference,
            code!,
            messageNameId,
            messageId,
            instructed,
            transactionAmount,
            charges ?? NoCharges,
            batches ?? NoBatches,
            transactions ?? NoTransactions,
            additional);
    }

    private (EntryStatus Status, string Code) Status()
    {
        var line = Line;
        var code = FirstCode();
        return code switch
        {
            "BOOK" => (EntryStatus.Booked, code),
            "PDNG" => (EntryStatus.Pending, code),
            "INFO" => (EntryStatus.Information, code),
            "FUTR" => (EntryStatus.Future, code),
            null => throw Fail("Sts is empty.", _n.Sts, null, line),
            _ => throw Fail("Unknown entry status: BOOK, PDNG, INFO or FUTR expected.", _n.Sts, code, line),
        };
    }

    /// <summary><c>BkTxCd</c>: may be empty. Identical consecutive codes share one instance.</summary>
    private BankTransactionCode TransactionCode()
    {
        Push(_r.LocalName);
        string? domain = null, family = null, subFamily = null, proprietary = null, issuer = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Domn))
            {
                var domainDepth = Enter();
                while (Next(domainDepth))
                {
                    if (Is(_n.Cd))
                    {
                        domain = Code(4);
                    }
                    else if (Is(_n.Fmly))
                    {
                        var familyDepth = Enter();
                        while (Next(familyDepth))
                        {
                            if (Is(_n.Cd))
                            {
                                family = Code(4);
                            }
                            else if (Is(_n.SubFmlyCd))
                            {
                                subFamily = Code(4);
                            }
                            else
                            {
                                Skip();
                            }
                        }
                    }
                    else
                    {
                        Skip();
                    }
                }
            }
            else if (Is(_n.Prtry))
            {
                var proprietaryDepth = Enter();
                while (Next(proprietaryDepth))
                {
                    if (Is(_n.Cd))
                    {
                        proprietary = Code();
                    }
                    else if (Is(_n.Issr))
                    {
                        issuer = Code();
                    }
                    else
                    {
                        Skip();
                    }
                }
            }
            else
            {
                Skip();
            }
        }

        Pop();
        var last = _lastCode;
        if (ReferenceEquals(last.Domain, domain) && ReferenceEquals(last.Family, family) && ReferenceEquals(last.SubFamily, subFamily)
            && ReferenceEquals(last.Proprietary, proprietary) && ReferenceEquals(last.ProprietaryIssuer, issuer))
        {
            return last;
        }

        return _lastCode = new BankTransactionCode(domain, family, subFamily, proprietary, issuer);
    }

    private (Money? Instructed, Money? Transaction) AmountDetails() => AmountDetails(out _, out _);

    /// <summary><c>AmtDtls</c>: <c>InstdAmt</c>, <c>TxAmt</c>, <c>CntrValAmt</c>, <c>AnncdPstngAmt</c>, each <c>.../Amt</c>.</summary>
    private (Money? Instructed, Money? Transaction) AmountDetails(out Money? counterValue, out Money? announced)
    {
        Push(_n.AmtDtls);
        Money? instructed = null;
        Money? transaction = null;
        counterValue = null;
        announced = null;
        var depth = Enter();
        while (Next(depth))
        {
            var kind = Is(_n.InstdAmt) ? 1 : Is(_n.TxAmt) ? 2 : Is(_n.CntrValAmt) ? 3 : Is(_n.AnncdPstngAmt) ? 4 : 0;
            if (kind == 0)
            {
                Skip();
                continue;
            }

            Push(_r.LocalName);
            Money? value = null;
            var inner = Enter();
            while (Next(inner))
            {
                if (Is(_n.Amt))
                {
                    value = Amount();
                }
                else
                {
                    Skip();
                }
            }

            Pop();
            switch (kind)
            {
                case 1:
                    instructed = value;
                    break;
                case 2:
                    transaction = value;
                    break;
                case 3:
                    counterValue = value;
                    break;
                default:
                    announced = value;
                    break;
            }
        }

        Pop();
        return (instructed, transaction);
    }

    /// <summary>
    /// <c>Chrgs</c> in both shapes: .02 repeats <c>Chrgs</c>, each one charge (<c>Amt</c>, <c>CdtDbtInd</c>, <c>Tp</c>, <c>Br</c>);
    /// .04 on has one <c>Chrgs</c> with <c>TtlChrgsAndTaxAmt</c> and a <c>Rcrd</c> per charge.
    /// </summary>
    private void Charges(ref List<Charge>? charges)
    {
        Push(_n.Chrgs);
        var records = 0;
        var depth = Enter();
        ChargeData? legacy = null;
        while (Next(depth))
        {
            if (Is(_n.Rcrd))
            {
                Push(_n.Rcrd, ++records);
                var record = new ChargeData();
                var inner = Enter();
                while (Next(inner))
                {
                    ChargeField(record);
                }

                (charges ??= []).Add(record.ToCharge(this));
                Pop();
            }
            else if (Is(_n.TtlChrgsAndTaxAmt))
            {
                Skip();
            }
            else
            {
                ChargeField(legacy ??= new ChargeData());
            }
        }

        if (legacy is not null)
        {
            (charges ??= []).Add(legacy.ToCharge(this));
        }

        Pop();
    }

    private void ChargeField(ChargeData charge)
    {
        if (Is(_n.Amt))
        {
            charge.Amount = Amount();
        }
        else if (Is(_n.CdtDbtInd))
        {
            charge.CreditDebit = CreditDebitCode();
        }
        else if (Is(_n.ChrgInclInd))
        {
            charge.Included = Boolean();
        }
        else if (Is(_n.Tp))
        {
            charge.Type = FirstCode();
        }
        else if (Is(_n.Br))
        {
            charge.Bearer = Code(4);
        }
        else
        {
            Skip();
        }
    }

    private void EntryDetails(int number, CreditDebit entryCreditDebit, ref List<BatchInformation>? batches, ref List<Transaction>? transactions)
    {
        Push(_n.NtryDtls, number);
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.TxDtls))
            {
                transactions ??= [];
                transactions.Add(ReadTransaction(transactions.Count, entryCreditDebit));
            }
            else if (Is(_n.Btch))
            {
                (batches ??= []).Add(Batch());
            }
            else
            {
                Skip();
            }
        }

        Pop();
    }

    private BatchInformation Batch()
    {
        Push(_n.Btch);
        string? messageId = null, paymentInformationId = null;
        int? count = null;
        Money? total = null;
        var creditDebit = CreditDebit.None;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.NbOfTxs))
            {
                count = Count();
            }
            else if (Is(_n.TtlAmt))
            {
                total = Amount();
            }
            else if (Is(_n.CdtDbtInd))
            {
                creditDebit = CreditDebitCode();
            }
            else if (Is(_n.PmtInfId))
            {
                paymentInformationId = Text(35);
            }
            else if (Is(_n.MsgId))
            {
                messageId = Text(35);
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return new BatchInformation(messageId, paymentInformationId, count, total is { } t ? Signed(t, creditDebit) : null);
    }

    /// <summary>What one <c>Chrgs</c> (.02) or <c>Chrgs/Rcrd</c> (.04 on) says.</summary>
    private sealed class ChargeData
    {
        public Money? Amount { get; set; }

        public CreditDebit CreditDebit { get; set; }

        public bool? Included { get; set; }

        public string? Type { get; set; }

        public string? Bearer { get; set; }

        // A charge without CdtDbtInd is taken from the account: a debit.
        public Charge ToCharge(CamtXmlParser parser) =>
            Amount is { } amount
                ? new Charge(CreditDebit == CreditDebit.Credit ? amount : Signed(amount, CreditDebit.Debit), Included, Type, Bearer)
                : throw parser.Fail("A charge has no Amt (required).");
    }
}
