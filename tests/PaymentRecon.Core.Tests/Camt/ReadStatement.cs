using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

internal sealed record ReadStatement(StatementHeader Header, IReadOnlyList<Entry> Entries, StatementTotals Totals, BalanceCheck Check, string? AdditionalInformation);
