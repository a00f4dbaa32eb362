namespace PaymentRecon.Camt;

/// <summary>camt: <c>Stmt/CpyDplctInd</c>. Anything but <see cref="Original"/> is a re-delivery that must add nothing.</summary>
public enum CopyDuplicate
{
    /// <summary>Element absent: the original delivery.</summary>
    Original = 0,

    /// <summary><c>COPY</c>.</summary>
    Copy = 1,

    /// <summary><c>DUPL</c>.</summary>
    Duplicate = 2,

    /// <summary><c>CODU</c>: copy of a duplicate.</summary>
    CopyDuplicate = 3,
}
