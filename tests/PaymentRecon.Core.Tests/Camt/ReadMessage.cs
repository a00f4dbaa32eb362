using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

/// <summary>A camt message read to the end, for assertions.</summary>
internal sealed record ReadMessage(CamtMessageHeader Header, IReadOnlyList<ReadStatement> Statements)
{
    public ReadStatement Statement => Statements.Should().ContainSingle().Subject;

    public static ReadMessage From(CamtMessage message)
    {
        var statements = new List<ReadStatement>();
        foreach (var statement in message.Statements)
        {
            var totals = new StatementTotals();
            var entries = new List<Entry>();
            foreach (var entry in statement.Entries)
            {
                totals.Add(entry);
                entries.Add(entry);
            }

            statements.Add(new ReadStatement(statement.Header, entries, totals, totals.Check(statement.Header), statement.AdditionalInformation));
        }

        return new ReadMessage(message.Header, statements);
    }
}
