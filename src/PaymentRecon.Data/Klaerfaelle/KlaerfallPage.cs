namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>A page of the worklist, with the count and the open amount of the whole filtered set.</summary>
public sealed record KlaerfallPage(IReadOnlyList<KlaerfallListRow> Rows, int TotalCount, decimal TotalAmount, int Page, int PageSize)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}
