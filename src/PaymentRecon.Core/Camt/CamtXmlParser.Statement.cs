using System.Globalization;

namespace PaymentRecon.Camt;

internal sealed partial class CamtXmlParser
{
    private int _documentDepth;
    private int _rootDepth;
    private string _reportName = "";
    private string _paginationName = "";
    private string _additionalInfoName = "";
    private int _statementIndex;
    private StatementState? _current;
    private bool _finished;

    /// <summary>Reads up to and including <c>GrpHdr</c>: namespace, message type, version, group header.</summary>
    public CamtMessageHeader ReadHeader()
    {
        try
        {
            _r.MoveToContent();
            if (_r.NodeType != System.Xml.XmlNodeType.Element)
            {
                throw Fail("The file holds no XML element.");
            }

            if (!Is(_n.Document))
            {
                throw Fail($"The root element is <{_r.LocalName}>, not <Document>: this is not an ISO 20022 camt message.");
            }

            var ns = _r.NamespaceURI;
            var version = DetectVersion(ns);
            Push(_n.Document);
            _documentDepth = Enter();
            if (!Next(_documentDepth))
            {
                throw Fail("<Document> is empty.");
            }

            var (rootName, reportName, paginationName, additionalInfoName) = Type switch
            {
                CamtMessageType.Camt052 => (_n.BkToCstmrAcctRpt, _n.Rpt, _n.RptPgntn, _n.AddtlRptInf),
                CamtMessageType.Camt053 => (_n.BkToCstmrStmt, _n.Stmt, _n.StmtPgntn, _n.AddtlStmtInf),
                _ => (_n.BkToCstmrDbtCdtNtfctn, _n.Ntfctn, _n.NtfctnPgntn, _n.AddtlNtfctnInf),
            };
            if (!Is(rootName) || !ReferenceEquals(_r.NamespaceURI, ns) && _r.NamespaceURI != ns)
            {
                throw Fail($"<Document> holds <{_r.LocalName}>; a {TypeName(Type)} message holds <{rootName}> in namespace {ns}.");
            }

            _reportName = reportName;
            _paginationName = paginationName;
            _additionalInfoName = additionalInfoName;
            Push(rootName);
            _rootDepth = Enter();
            if (!Next(_rootDepth) || !Is(_n.GrpHdr))
            {
                throw Fail("GrpHdr is missing (required).");
            }

            return ReadGroupHeader(version);
        }
        catch (Exception exception)
        {
            Dispose();
            var translated = Translate(exception);
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    internal static string TypeName(CamtMessageType type) => type switch
    {
        CamtMessageType.Camt052 => "camt.052",
        CamtMessageType.Camt053 => "camt.053",
        CamtMessageType.Camt054 => "camt.054",
        _ => "camt",
    };

    private string DetectVersion(string ns)
    {
        // urn:iso:std:iso:20022:tech:xsd:camt.053.001.08
        var span = ns.AsSpan();
        if (span.StartsWith(NamespacePrefix, StringComparison.Ordinal) && span.Length == NamespacePrefix.Length + 10
            && span[(NamespacePrefix.Length + 3)..].StartsWith(".001.", StringComparison.Ordinal)
            && int.TryParse(span.Slice(NamespacePrefix.Length + 8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            var message = span.Slice(NamespacePrefix.Length, 3);
            Type = message switch
            {
                "052" => CamtMessageType.Camt052,
                "053" => CamtMessageType.Camt053,
                "054" => CamtMessageType.Camt054,
                _ => CamtMessageType.None,
            };
            if (Type != CamtMessageType.None && number is >= 2 and <= 13)
            {
                return string.Create(CultureInfo.InvariantCulture, $"001.{number:D2}");
            }
        }

        throw Fail(ns.Length == 0
            ? "<Document> has no namespace; a camt message declares urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN."
            : "Unknown namespace: supported are camt.052, camt.053 and camt.054 (urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN), versions .001.02 to .001.13. The file is not read.",
            value: ns);
    }

    private CamtMessageHeader ReadGroupHeader(string version)
    {
        Push(_n.GrpHdr);
        string? messageId = null;
        DateTimeOffset? createdAt = null;
        int? page = null;
        bool? lastPage = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.MsgId))
            {
                messageId = Text(35);
            }
            else if (Is(_n.CreDtTm))
            {
                createdAt = DateTime();
            }
            else if (Is(_n.MsgPgntn))
            {
                (page, lastPage) = Pagination();
            }
            else
            {
                Skip();
            }
        }

        if (messageId is null)
        {
            throw Fail("GrpHdr has no MsgId (required).");
        }

        if (createdAt is null)
        {
            throw Fail("GrpHdr has no CreDtTm (required).");
        }

        Pop();
        return new CamtMessageHeader(Type, version, messageId, createdAt, page, lastPage);
    }

    private (int? Page, bool? Last) Pagination()
    {
        Push(_r.LocalName);
        int? page = null;
        bool? last = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.PgNb))
            {
                page = Count();
            }
            else if (Is(_n.LastPgInd))
            {
                last = Boolean();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return (page, last);
    }

    /// <summary>The next statement (<c>Stmt</c>, <c>Rpt</c>, <c>Ntfctn</c>), its header read; null after the last.</summary>
    public CamtStatementReading? NextStatement()
    {
        try
        {
            if (_current is { } previous)
            {
                while (ReadNextEntry(previous) is not null)
                {
                    // The caller moved on without reading every entry: skip them (they are still checked).
                }

                _current = null;
            }

            if (_finished)
            {
                return null;
            }

            while (Next(_rootDepth))
            {
                if (Is(_reportName))
                {
                    return BeginStatement();
                }

                Skip();
            }

            if (_statementIndex == 0)
            {
                throw Fail($"The message holds no <{_reportName}> (at least one is required).");
            }

            Pop();
            if (Next(_documentDepth))
            {
                throw Fail($"<{_r.LocalName}> after the message; <Document> holds exactly one message.");
            }

            Pop();
            while (_r.Read())
            {
                // Reading to the end makes the XML layer check that nothing but comments follows.
            }

            _finished = true;
            Dispose();
            return null;
        }
        catch (Exception exception)
        {
            throw Rethrow(exception);
        }
    }

    private Exception Rethrow(Exception exception)
    {
        Dispose();
        _finished = true;
        return Translate(exception);
    }

    private CamtStatementReading BeginStatement()
    {
        _statementIndex++;
        Push(_reportName, _statementIndex);
        var state = new StatementState(this, PathString());
        state.Depth = Enter();
        var header = ReadStatementHeader(state);
        var reading = new CamtStatementReading(header, new SinglePassEnumerable<Entry>(() => ReadNextEntry(state)));
        state.Reading = reading;
        _current = state;
        if (state.Ended)
        {
            reading.Complete(null);
        }

        return reading;
    }

    private StatementHeader ReadStatementHeader(StatementState state)
    {
        string? id = null;
        int? page = null;
        bool? lastPage = null;
        long? electronic = null;
        long? legal = null;
        DateTimeOffset? createdAt = null;
        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        var copy = CopyDuplicate.Original;
        AccountData? account = null;
        var balances = new List<Balance>();
        TransactionsSummary? summary = null;
        var depth = state.Depth;
        var ended = true;
        while (Next(depth))
        {
            if (Is(_n.Ntry) || Is(_additionalInfoName))
            {
                ended = false;
                break;
            }

            if (Is(_n.Id))
            {
                id = Text(35);
            }
            else if (Is(_paginationName))
            {
                (page, lastPage) = Pagination();
            }
            else if (Is(_n.ElctrncSeqNb))
            {
                electronic = Number();
            }
            else if (Is(_n.LglSeqNb))
            {
                legal = Number();
            }
            else if (Is(_n.CreDtTm))
            {
                createdAt = DateTime();
            }
            else if (Is(_n.FrToDt))
            {
                (from, to) = Period();
            }
            else if (Is(_n.CpyDplctInd))
            {
                copy = CopyDuplicateCode();
            }
            else if (Is(_n.Acct))
            {
                account = Account();
            }
            else if (Is(_n.Bal))
            {
                balances.Add(ReadBalance(balances.Count + 1));
            }
            else if (Is(_n.TxsSummry))
            {
                summary = Summary();
            }
            else
            {
                Skip();
            }
        }

        if (id is null)
        {
            throw Fail($"{_reportName} has no Id (required).");
        }

        if (account is null || (account.Iban is null && account.OtherId is null))
        {
            throw Fail($"{_reportName} has no Acct/Id (required).");
        }

        if (Type == CamtMessageType.Camt053 && balances.Count == 0)
        {
            throw Fail("Stmt has no Bal (a camt.053 statement requires at least one balance).");
        }

        var header = new StatementHeader(_statementIndex - 1, state.Path, id, electronic, legal, createdAt, from, to, copy, page, lastPage,
            account.Iban, account.OtherId, account.Currency, account.OwnerName, account.ServicerBic, balances, summary);
        if (ended)
        {
            state.Ended = true;
            Pop();
        }

        return header;
    }

    private (DateTimeOffset? From, DateTimeOffset? To) Period()
    {
        Push(_n.FrToDt);
        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.FrDtTm))
            {
                from = DateTime();
            }
            else if (Is(_n.ToDtTm))
            {
                to = DateTime();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return (from, to);
    }

    private CopyDuplicate CopyDuplicateCode()
    {
        var line = Line;
        var code = Code();
        return code switch
        {
            "COPY" => CopyDuplicate.Copy,
            "DUPL" => CopyDuplicate.Duplicate,
            "CODU" => CopyDuplicate.CopyDuplicate,
            _ => throw Fail("CpyDplctInd must be COPY, DUPL or CODU.", _n.CpyDplctInd, code, line),
        };
    }

    private AccountData Account()
    {
        Push(_n.Acct);
        var account = new AccountData();
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Id))
            {
                Push(_n.Id);
                var idDepth = Enter();
                while (Next(idDepth))
                {
                    if (Is(_n.IBAN))
                    {
                        var line = Line;
                        var text = Text(34);
                        if (!Iban.TryParse(text, out var iban))
                        {
                            throw Fail($"The account IBAN is not valid: {Iban.Explain(text)}", _n.IBAN, text, line);
                        }

                        account.Iban = iban.Value;
                    }
                    else if (Is(_n.Othr))
                    {
                        account.OtherId = OtherId();
                    }
                    else
                    {
                        Skip();
                    }
                }

                Pop();
            }
            else if (Is(_n.Ccy))
            {
                var line = Line;
                var code = Code(3);
                if (!Currency.TryParse(code, out var currency))
                {
                    throw Fail("Acct/Ccy is not an ISO 4217 code (three upper-case letters).", _n.Ccy, code, line);
                }

                account.Currency = currency;
            }
            else if (Is(_n.Ownr))
            {
                account.OwnerName = Party().Name;
            }
            else if (Is(_n.Svcr))
            {
                account.ServicerBic = AgentBic();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return account;
    }

    private string? OtherId()
    {
        string? id = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Id))
            {
                id = Text(35);
            }
            else
            {
                Skip();
            }
        }

        return id;
    }

    /// <summary><c>FinInstnId/BIC</c> (.02) or <c>FinInstnId/BICFI</c> (.04 on) inside the agent the reader is on.</summary>
    private string? AgentBic()
    {
        Push(_r.LocalName);
        string? bic = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.FinInstnId))
            {
                var inner = Enter();
                while (Next(inner))
                {
                    if (Is(_n.BIC) || Is(_n.BICFI))
                    {
                        bic = Code(11);
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
        return bic;
    }

    private Balance ReadBalance(int index)
    {
        Push(_n.Bal, index);
        string? type = null;
        Money? amount = null;
        CreditDebit creditDebit = CreditDebit.None;
        DateOnly? date = null;
        var hasDate = false;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.Tp))
            {
                type = FirstCode();
            }
            else if (Is(_n.Amt))
            {
                amount = Amount();
            }
            else if (Is(_n.CdtDbtInd))
            {
                creditDebit = CreditDebitCode();
            }
            else if (Is(_n.Dt))
            {
                hasDate = true;
                Push(_n.Dt);
                date = DateChoice();
                Pop();
            }
            else
            {
                Skip();
            }
        }

        var missing = type is null ? "Tp/CdOrPrtry" : amount is null ? "Amt" : creditDebit == CreditDebit.None ? "CdtDbtInd" : !hasDate ? "Dt" : null;
        if (missing is not null)
        {
            throw Fail($"Bal has no {missing} (required).");
        }

        Pop();
        return new Balance(type!, Signed(amount!.Value, creditDebit), date);
    }

    private TransactionsSummary Summary()
    {
        Push(_n.TxsSummry);
        int? entryCount = null, creditCount = null, debitCount = null;
        decimal? entrySum = null, creditSum = null, debitSum = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.TtlNtries))
            {
                (entryCount, entrySum) = NumberAndSum();
            }
            else if (Is(_n.TtlCdtNtries))
            {
                (creditCount, creditSum) = NumberAndSum();
            }
            else if (Is(_n.TtlDbtNtries))
            {
                (debitCount, debitSum) = NumberAndSum();
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return new TransactionsSummary(entryCount, entrySum, creditCount, creditSum, debitCount, debitSum);
    }

    private (int? Count, decimal? Sum) NumberAndSum()
    {
        Push(_r.LocalName);
        int? count = null;
        decimal? sum = null;
        var depth = Enter();
        while (Next(depth))
        {
            if (Is(_n.NbOfNtries))
            {
                count = Count();
            }
            else if (Is(_n.Sum))
            {
                var line = Line;
                sum = ParseDecimal(Leaf().Trim(), _n.Sum, line, maxFractionDigits: 17, allowSign: true);
            }
            else
            {
                Skip();
            }
        }

        Pop();
        return (count, sum);
    }

    private static Money Signed(Money amount, CreditDebit creditDebit) =>
        creditDebit == CreditDebit.Debit && amount.Amount != 0m ? amount.Negate() : amount;

    /// <summary>Where the reading of one statement stands.</summary>
    private sealed class StatementState(CamtXmlParser parser, string path)
    {
        public CamtXmlParser Parser { get; } = parser;

        public string Path { get; } = path;

        public int Depth { get; set; }

        public int EntryCount { get; set; }

        public bool Ended { get; set; }

        public CamtStatementReading? Reading { get; set; }

        public string? AdditionalInformation { get; set; }
    }

    /// <summary>What <c>Acct</c> says.</summary>
    private sealed class AccountData
    {
        public string? Iban { get; set; }

        public string? OtherId { get; set; }

        public Currency? Currency { get; set; }

        public string? OwnerName { get; set; }

        public string? ServicerBic { get; set; }
    }
}
