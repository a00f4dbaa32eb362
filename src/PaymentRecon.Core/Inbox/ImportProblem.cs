namespace PaymentRecon.Inbox;

/// <summary>
/// One thing wrong with an input file, precise enough for the clerk who fixes it:
/// <paramref name="Location"/> names the line (and column) or the XML path.
/// </summary>
/// <param name="Location">e.g. <c>line 7, column Kassenzeichen</c> or <c>/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt</c> (line 41).</param>
/// <param name="Value">The offending value as read, when there is one. May be personal data: never log it.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record ImportProblem(string Location, string? Value, string Message)
{
    public override string ToString() =>
        Value is null ? $"{Location}: {Message}" : $"{Location}: {Message} (value: '{Value}')";
}
