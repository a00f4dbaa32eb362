namespace PaymentRecon.Camt;

/// <summary>camt: <c>BkTxCd</c> on entry or transaction level. Any part may be missing (<c>&lt;BkTxCd/&gt;</c> is legal).</summary>
/// <param name="Domain">camt: <c>Domn/Cd</c>, e.g. PMNT.</param>
/// <param name="Family">camt: <c>Domn/Fmly/Cd</c>, e.g. RCDT.</param>
/// <param name="SubFamily">camt: <c>Domn/Fmly/SubFmlyCd</c>, e.g. ESCT.</param>
/// <param name="Proprietary">camt: <c>Prtry/Cd</c>, German form <c>NTRF+166+00931</c>.</param>
/// <param name="ProprietaryIssuer">camt: <c>Prtry/Issr</c>, DK or ZKA.</param>
public sealed record BankTransactionCode(string? Domain, string? Family, string? SubFamily, string? Proprietary, string? ProprietaryIssuer)
{
    public static readonly BankTransactionCode Empty = new(null, null, null, null, null);

    /// <summary>
    /// The German Geschäftsvorfallcode (three digits) from <see cref="Proprietary"/>: the first
    /// three-digit part of <c>NTRF+166+00931</c> or <c>166+00931</c>; null when there is none.
    /// </summary>
    public string? Gvc
    {
        get
        {
            if (string.IsNullOrEmpty(Proprietary))
            {
                return null;
            }

            foreach (var part in Proprietary.Split('+'))
            {
                if (part.Length == 3 && part.All(char.IsAsciiDigit))
                {
                    return part;
                }
            }

            return null;
        }
    }

    /// <summary>Readable form for reports, e.g. <c>PMNT/RCDT/ESCT NTRF+166+00931</c>.</summary>
    public override string ToString()
    {
        var iso = string.Join('/', new[] { Domain, Family, SubFamily }.Where(p => !string.IsNullOrEmpty(p)));
        return string.Join(' ', new[] { iso, Proprietary }.Where(p => !string.IsNullOrEmpty(p)));
    }
}
