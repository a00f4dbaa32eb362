namespace PaymentRecon.Camt;

/// <summary>The three bank-to-customer cash management messages. camt: root element under <c>Document</c>.</summary>
public enum CamtMessageType
{
    None = 0,

    /// <summary>camt.052 <c>BkToCstmrAcctRpt</c>: intraday account report (<c>Rpt</c>).</summary>
    Camt052 = 52,

    /// <summary>camt.053 <c>BkToCstmrStmt</c>: daily statement (<c>Stmt</c>).</summary>
    Camt053 = 53,

    /// <summary>camt.054 <c>BkToCstmrDbtCdtNtfctn</c>: debit/credit notification, batch details (<c>Ntfctn</c>); has no balances.</summary>
    Camt054 = 54,
}
