using System.Xml;

namespace PaymentRecon.Camt;

/// <summary>
/// The element names the reader knows, atomised in the reader's <see cref="XmlNameTable"/> so that
/// names compare by reference: no string comparison and no allocation per node.
/// </summary>
internal sealed class CamtNames
{
    public CamtNames()
    {
        Table = new NameTable();
        foreach (var field in typeof(CamtNames).GetFields())
        {
            if (field.FieldType == typeof(string))
            {
                field.SetValue(this, Table.Add(field.Name));
            }
        }
    }

    public XmlNameTable Table { get; }

#pragma warning disable CA1051, SA1401, IDE1006, CA1707 // plain fields, named exactly like the camt elements they stand for
    public string Document = "", BkToCstmrStmt = "", BkToCstmrAcctRpt = "", BkToCstmrDbtCdtNtfctn = "", GrpHdr = "", MsgId = "", CreDtTm = "";
    public string MsgPgntn = "", PgNb = "", LastPgInd = "", Stmt = "", Rpt = "", Ntfctn = "", Id = "", StmtPgntn = "", RptPgntn = "", NtfctnPgntn = "";
    public string ElctrncSeqNb = "", LglSeqNb = "", FrToDt = "", FrDtTm = "", ToDtTm = "", CpyDplctInd = "", Acct = "", IBAN = "", Othr = "", Ccy = "";
    public string Ownr = "", Nm = "", Svcr = "", FinInstnId = "", BIC = "", BICFI = "", Bal = "", Tp = "", CdOrPrtry = "", Cd = "", Prtry = "", Amt = "";
    public string CdtDbtInd = "", Dt = "", DtTm = "", TxsSummry = "", TtlNtries = "", NbOfNtries = "", Sum = "", TtlCdtNtries = "", TtlDbtNtries = "";
    public string Ntry = "", AddtlStmtInf = "", AddtlRptInf = "", AddtlNtfctnInf = "", NtryRef = "", RvslInd = "", Sts = "", BookgDt = "", ValDt = "";
    public string AcctSvcrRef = "", BkTxCd = "", Domn = "", Fmly = "", SubFmlyCd = "", Issr = "", AddtlInfInd = "", MsgNmId = "", AmtDtls = "";
    public string InstdAmt = "", TxAmt = "", Chrgs = "", Rcrd = "", ChrgInclInd = "", Br = "", NtryDtls = "", Btch = "", PmtInfId = "", NbOfTxs = "";
    public string TtlAmt = "", TxDtls = "", AddtlNtryInf = "", Refs = "", InstrId = "", EndToEndId = "", UETR = "", TxId = "", MndtId = "", ClrSysRef = "";
    public string RltdPties = "", Dbtr = "", DbtrAcct = "", UltmtDbtr = "", Cdtr = "", CdtrAcct = "", UltmtCdtr = "", Pty = "", PrvtId = "", OrgId = "";
    public string RltdAgts = "", DbtrAgt = "", Purp = "", RmtInf = "", Ustrd = "", Strd = "", CdtrRefInf = "", Ref = "", RtrInf = "", OrgnlBkTxCd = "";
    public string Orgtr = "", Rsn = "", AddtlInf = "", AddtlTxInf = "", TtlChrgsAndTaxAmt = "", CntrValAmt = "", AnncdPstngAmt = "", InitgPty = "";
#pragma warning restore CA1051, SA1401, IDE1006, CA1707
}
