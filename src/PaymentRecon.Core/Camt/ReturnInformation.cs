namespace PaymentRecon.Camt;

/// <summary>camt: <c>TxDtls/RtrInf</c>: a returned payment (Rücklastschrift, SCT return).</summary>
/// <param name="ReasonCode">camt: <c>Rsn/Cd</c> (MS03, AM04, MD06, AC04 ...).</param>
/// <param name="ReasonProprietary">camt: <c>Rsn/Prtry</c>.</param>
/// <param name="AdditionalInformation">camt: <c>AddtlInf</c> lines joined with a space.</param>
/// <param name="OriginatorName">camt: <c>Orgtr/Nm</c>.</param>
/// <param name="OriginalBankTransactionCode">camt: <c>OrgnlBkTxCd</c>.</param>
public sealed record ReturnInformation(
    string? ReasonCode,
    string? ReasonProprietary,
    string? AdditionalInformation,
    string? OriginatorName,
    BankTransactionCode? OriginalBankTransactionCode)
{
    /// <summary>The reason as one code: <see cref="ReasonCode"/>, else <see cref="ReasonProprietary"/>.</summary>
    public string? Reason => ReasonCode ?? ReasonProprietary;
}
