namespace PaymentRecon.Camt;

internal sealed partial class CamtXmlParser
{
    private Transaction ReadTransaction(int index, CreditDebit entryCreditDebit)
    {
        Push(_n.TxDtls, index + 1);
        var references = TransactionReferences.None;
        Money? amount = null;
        var creditDebit = CreditDebit.None;
        Money? instructed = null;
        Money? transactionAmount = null;
        Money? counterValue = null;
        Money? announced = null;
        var code = BankTransactionCode.Empty;
        List<Charge>? charges = null;
        var parties = default(PartiesData);
        string? debtorAgentBic = null;
        string? purpose = null;
        List<string>? lines = null;
        string? creditorReference = null;
        string? creditorReferenceType = null;
        ReturnInformation? returned = null;
        string? additional = null;

        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Refs))
            {
                references = References();
            }
            else if (Is(_n.RmtInf))
            {
                Remittance(ref lines, ref creditorReference, ref creditorReferenceType);
            }
            else if (Is(_n.RltdPties))
            {
                parties = Parties();
            }
            else if (Is(_n.Amt))
            {
                amount = Amount();
            }
            else if (Is(_n.CdtDbtInd))
            {
                creditDebit = CreditDebitCode();
            }
            else if (Is(_n.AmtDtls))
            {
                (instructed, transactionAmount) = AmountDetails(out counterValue, out announced);
            }
            else if (Is(_n.BkTxCd))
            {
                code = TransactionCode();
            }
            else if (Is(_n.Chrgs))
            {
                Charges(ref charges);
            }
            else if (Is(_n.RltdAgts))
            {
                debtorAgentBic = Agents();
            }
            else if (Is(_n.Purp))
            {
                purpose = FirstCode();
            }
            else if (Is(_n.RtrInf))
            {
                returned = Return();
            }
            else if (Is(_n.AddtlTxInf))
            {
                additional = Text(500);
            }
            else
            {
                Skip();
            }
        }

        Pop();
        var direction = creditDebit == CreditDebit.None ? entryCreditDebit : creditDebit;
        var resolved = amount ?? transactionAmount ?? instructed;
        return new Transaction(
            index,
            references,
            resolved is { } value ? Signed(value, direction) : null,
            instructed,
            transactionAmount,
            code,
            charges ?? NoCharges,
            parties.DebtorName,
            parties.DebtorIban,
            parties.UltimateDebtorName,
            parties.CreditorName,
            parties.CreditorIban,
            parties.UltimateCreditorName,
            parties.CreditorId,
            debtorAgentBic,
            purpose,
            lines ?? NoLines,
            creditorReference,
            creditorReferenceType,
            returned,
            additional)
        {
            CreditDebit = direction,
            CounterValueAmount = counterValue,
            AnnouncedPostingAmount = announced,
            InitiatingPartyName = parties.InitiatingPartyName,
        };
    }

    private TransactionReferences References()
    {
        Push(_n.Refs);
        string? messageId = null, paymentInformationId = null, instructionId = null, endToEndId = null, transactionId = null;
        string? mandateId = null, servicerReference = null, clearingReference = null, uetr = null;
        string? proprietaryType = null, proprietaryReference = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.EndToEndId))
            {
                endToEndId = Reference();
            }
            else if (Is(_n.MndtId))
            {
                mandateId = Reference();
            }
            else if (Is(_n.AcctSvcrRef))
            {
                servicerReference = Reference(nonRefIsEmpty: true);
            }
            else if (Is(_n.TxId))
            {
                transactionId = Reference();
            }
            else if (Is(_n.InstrId))
            {
                instructionId = Reference();
            }
            else if (Is(_n.PmtInfId))
            {
                paymentInformationId = Reference();
            }
            else if (Is(_n.MsgId))
            {
                messageId = Reference();
            }
            else if (Is(_n.ClrSysRef))
            {
                clearingReference = Reference();
            }
            else if (Is(_n.UETR))
            {
                uetr = Text(36);
            }
            else if (Is(_n.Prtry) && proprietaryReference is null)
            {
                (proprietaryType, proprietaryReference) = TwoChildren(_n.Tp, () => Text(35), _n.Ref, () => Reference());
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return messageId is null && paymentInformationId is null && instructionId is null && endToEndId is null && transactionId is null
               && mandateId is null && servicerReference is null && clearingReference is null && uetr is null && proprietaryReference is null
            ? TransactionReferences.None
            : new TransactionReferences(messageId, paymentInformationId, instructionId, endToEndId, transactionId, mandateId, servicerReference,
                clearingReference, uetr)
            {
                ProprietaryType = proprietaryType,
                ProprietaryReference = proprietaryReference,
            };
    }

    private void Remittance(ref List<string>? lines, ref string? creditorReference, ref string? creditorReferenceType)
    {
        Push(_n.RmtInf);
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Ustrd))
            {
                if (Text(140) is { } line)
                {
                    (lines ??= []).Add(line);
                }
            }
            else if (Is(_n.Strd))
            {
                Push(_n.Strd);
                var structured = Enter();
                while (Next(structured))
                {
                    if (Is(_n.CdtrRefInf) && creditorReference is null)
                    {
                        Push(_n.CdtrRefInf);
                        var inner = Enter();
                        while (Next(inner))
                        {
                            if (Is(_n.Ref))
                            {
                                creditorReference = Reference();
                            }
                            else if (Is(_n.Tp))
                            {
                                creditorReferenceType = FirstCode();
                            }
                            else
                            {
                                Skip();
                            }
                        }

                        Pop();
                    }
                    else
                    {
                        Skip();
                    }
                }

                Pop();
            }
            else
            {
                Skip();
            }
        }

        Pop();
    }

    /// <summary><c>RltdPties</c>: .02/.04 <c>Dbtr/Nm</c>, .08 <c>Dbtr/Pty/Nm</c>; accounts <c>DbtrAcct/Id/IBAN</c>.</summary>
    private PartiesData Parties()
    {
        Push(_n.RltdPties);
        var parties = default(PartiesData);
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Dbtr))
            {
                parties.DebtorName = Party().Name;
            }
            else if (Is(_n.DbtrAcct))
            {
                parties.DebtorIban = PartyAccount();
            }
            else if (Is(_n.Cdtr))
            {
                var creditor = Party();
                parties.CreditorName = creditor.Name;
                parties.CreditorId = creditor.Id;
            }
            else if (Is(_n.CdtrAcct))
            {
                parties.CreditorIban = PartyAccount();
            }
            else if (Is(_n.UltmtDbtr))
            {
                parties.UltimateDebtorName = Party().Name;
            }
            else if (Is(_n.UltmtCdtr))
            {
                parties.UltimateCreditorName = Party().Name;
            }
            else if (Is(_n.InitgPty))
            {
                parties.InitiatingPartyName = Party().Name;
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return parties;
    }

    /// <summary>A party in either shape: <c>Nm</c> and <c>Id</c> directly (.02/.04) or inside <c>Pty</c> (.08).</summary>
    private (string? Name, string? Id) Party()
    {
        Push(_r.LocalName);
        string? name = null;
        string? id = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Nm))
            {
                name = Text(140);
            }
            else if (Is(_n.Pty))
            {
                var inner = Party();
                name ??= inner.Name;
                id ??= inner.Id;
            }
            else if (Is(_n.Id))
            {
                id ??= PartyId();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return (name, id);
    }

    /// <summary><c>Id/PrvtId/Othr/Id</c> or <c>Id/OrgId/Othr/Id</c> (e.g. the SEPA creditor identifier); also a BIC-style <c>AnyBIC</c> is left out.</summary>
    private string? PartyId()
    {
        Push(_n.Id);
        string? id = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (id is null && (Is(_n.PrvtId) || Is(_n.OrgId)))
            {
                var inner = Enter();
                while (Next(inner))
                {
                    if (id is null && Is(_n.Othr))
                    {
                        id = OtherId();
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
        return id;
    }

    /// <summary><c>DbtrAcct</c>/<c>CdtrAcct</c>: the IBAN as written, else <c>Othr/Id</c>.</summary>
    private string? PartyAccount()
    {
        Push(_r.LocalName);
        string? account = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Id))
            {
                var inner = Enter();
                while (Next(inner))
                {
                    if (Is(_n.IBAN))
                    {
                        account = Text(34);
                    }
                    else if (Is(_n.Othr))
                    {
                        account ??= OtherId();
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
        return account;
    }

    private string? Agents()
    {
        Push(_n.RltdAgts);
        string? debtorAgent = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.DbtrAgt))
            {
                debtorAgent = AgentBic();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return debtorAgent;
    }

    private ReturnInformation Return()
    {
        Push(_n.RtrInf);
        BankTransactionCode? original = null;
        string? originator = null;
        string? reasonCode = null;
        string? reasonProprietary = null;
        List<string>? additional = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Rsn))
            {
                (reasonCode, reasonProprietary) = TwoChildren(_n.Cd, () => Code(4), _n.Prtry, () => Code());
            }
            else if (Is(_n.AddtlInf))
            {
                if (Text(105) is { } line)
                {
                    (additional ??= []).Add(line);
                }
            }
            else if (Is(_n.Orgtr))
            {
                originator = Party().Name;
            }
            else if (Is(_n.OrgnlBkTxCd))
            {
                original = TransactionCode();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return new ReturnInformation(reasonCode, reasonProprietary, additional is null ? null : string.Join(' ', additional), originator, original);
    }

    /// <summary>
    /// The two children <paramref name="first"/> and <paramref name="second"/> of the element the reader
    /// is on (e.g. <c>Rsn/Cd</c> and <c>Rsn/Prtry</c>), everything else skipped. For rare elements only:
    /// the delegates cost an allocation per call.
    /// </summary>
    private (string? First, string? Second) TwoChildren(string first, Func<string?> readFirst, string second, Func<string?> readSecond)
    {
        Push(_r.LocalName);
        string? a = null;
        string? b = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(first))
            {
                a = readFirst();
            }
            else if (Is(second))
            {
                b = readSecond();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return (a, b);
    }

    /// <summary>What <c>RltdPties</c> says.</summary>
    private struct PartiesData
    {
        public string? DebtorName;
        public string? DebtorIban;
        public string? UltimateDebtorName;
        public string? CreditorName;
        public string? CreditorIban;
        public string? UltimateCreditorName;
        public string? CreditorId;
        public string? InitiatingPartyName;
    }
}
