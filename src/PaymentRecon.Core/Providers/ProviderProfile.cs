using System.Globalization;
using System.Text;

using PaymentRecon.Inbox;

namespace PaymentRecon.Providers;

/// <summary>
/// How one payment provider writes its settlement report: columns, delimiter, encoding, number
/// and date format, amounts in euros or cents, sign handling. Bound from configuration
/// (<c>PaymentRecon:Providers:Profiles:NAME</c>); files in <c>inbox/providers/NAME/</c> use it.
/// Properties not set there keep the values of the <c>generic</c> layout.
/// </summary>
public sealed record ProviderProfile
{
    public const string GenericName = "generic";
    public const string PayPalName = "paypal";

    /// <summary>
    /// The documented semicolon CSV (README, section providers): German numbers, signed amounts,
    /// a positive fee, <c>TT.MM.JJJJ</c> or ISO dates, a payout id per row.
    /// </summary>
    public static ProviderProfile Generic { get; } = new();

    /// <summary>
    /// PayPal's activity download ("All transactions" CSV, English headers): comma separated,
    /// <c>1,234.56</c>, signed amounts with the fee negative, dates <c>dd/MM/yyyy</c> plus a Time
    /// column, payouts as "General Withdrawal" rows, only "Completed" rows.
    /// </summary>
    public static ProviderProfile PayPal { get; } = new()
    {
        Name = PayPalName,
        Delimiter = ",",
        DecimalSeparator = ".",
        ThousandsSeparator = ",",
        DateFormats = ["dd/MM/yyyy", "yyyy-MM-dd"],
        FeeSign = FeeSign.ChargeNegative,
        AcceptedStatuses = ["Completed"],
        PayerNames = ["PayPal"],
        PayoutTypes = ["General Withdrawal", "Withdraw Funds to Bank Account", "User Initiated Withdrawal"],
        IgnoredTypes = ["General Authorization", "General Currency Conversion", "Hold on Balance for Dispute Investigation", "Account Hold for Open Authorization", "Reversal of General Account Hold"],
        Columns = new ProviderColumns
        {
            TransactionId = "Transaction ID",
            Reference = "Invoice Number|Invoice ID",
            AlternativeReference = "Custom Number|Custom Field",
            Gross = "Gross",
            Fee = "Fee",
            Net = "Net",
            Currency = "Currency",
            PaymentDate = "Date",
            PaymentTime = "Time",
            PayoutId = null,
            Status = "Status",
            Type = "Type",
        },
    };

    public static IReadOnlyList<ProviderProfile> BuiltIn { get; } = [Generic, PayPal];

    private static readonly IReadOnlyList<string> StandardDateFormats = ["dd.MM.yyyy", "yyyy-MM-dd"];

    /// <summary>The profile's name; also the folder <c>inbox/providers/NAME/</c> whose files use it.</summary>
    public string Name { get; init; } = GenericName;

    public ProviderColumns Columns { get; init; } = new();

    /// <summary>The field separator: one ASCII character.</summary>
    public string Delimiter { get; init; } = ";";

    public string Quote { get; init; } = "\"";

    /// <summary><c>utf-8</c> (a BOM is skipped), <c>windows-1252</c>, or any name .NET knows.</summary>
    public string Encoding { get; init; } = "utf-8";

    public string DecimalSeparator { get; init; } = ",";

    /// <summary>Separator between groups of three digits, or empty when none is used.</summary>
    public string ThousandsSeparator { get; init; } = ".";

    public AmountUnit AmountUnit { get; init; } = AmountUnit.Euros;

    public SignHandling SignHandling { get; init; } = SignHandling.SignedAmounts;

    public FeeSign FeeSign { get; init; } = FeeSign.ChargePositive;

    // Lists default to empty and resolve through Effective*: the configuration binder appends to a
    // list that already has items instead of replacing it.
    private static readonly IReadOnlyList<string> StandardCreditValues = ["CR", "C", "H", "Credit", "Haben"];
    private static readonly IReadOnlyList<string> StandardDebitValues = ["DR", "D", "S", "Debit", "Soll"];
    private static readonly IReadOnlyList<string> StandardTimeFormats = ["HH:mm:ss", "HH:mm"];

    /// <summary>With <see cref="SignHandling.SignColumn"/>: values meaning money to the Landkreis (case ignored); empty means CR, C, H, Credit, Haben.</summary>
    public IReadOnlyList<string> CreditValues { get; init; } = [];

    /// <summary>With <see cref="SignHandling.SignColumn"/>: values meaning money from the Landkreis (refund, payout); empty means DR, D, S, Debit, Soll.</summary>
    public IReadOnlyList<string> DebitValues { get; init; } = [];

    /// <summary>.NET exact date formats tried in order; empty means <c>dd.MM.yyyy</c> and <c>yyyy-MM-dd</c>.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = [];

    /// <summary>.NET exact time formats for the time column; empty means <c>HH:mm:ss</c> and <c>HH:mm</c>.</summary>
    public IReadOnlyList<string> TimeFormats { get; init; } = [];

    /// <summary>Currency when the report has no currency column.</summary>
    public string DefaultCurrency { get; init; } = "EUR";

    /// <summary>Status values of rows that count (case ignored); empty means every row counts. Others are skipped.</summary>
    public IReadOnlyList<string> AcceptedStatuses { get; init; } = [];

    /// <summary>Type values of payout rows (case ignored).</summary>
    public IReadOnlyList<string> PayoutTypes { get; init; } = [];

    /// <summary>Type values of rows that move no money to or from the Landkreis (memo rows); skipped.</summary>
    public IReadOnlyList<string> IgnoredTypes { get; init; } = [];

    /// <summary>
    /// How the provider is named as the counterparty of its bank entries (case ignored, a name
    /// containing one of these counts), e.g. <c>PayPal</c>. A credit from it is a payout: linked to
    /// its report, or held as one open item until the report comes; a debit from it is a fee debit
    /// when <see cref="FeesDebitedMonthly"/>.
    /// </summary>
    public IReadOnlyList<string> PayerNames { get; init; } = [];

    /// <summary>
    /// A .NET regular expression that finds this provider's payout id in a bank entry's remittance
    /// text (the whole match, or the group named <c>id</c>), e.g. <c>PO-\d{8}-\d{2}</c>: such a
    /// credit is a payout even before its report arrives. Empty: payouts are recognised by
    /// <see cref="PayerNames"/> and by the payout ids of imported reports only.
    /// </summary>
    public string? PayoutIdPattern { get; init; }

    /// <summary>
    /// The provider pays gross and debits its fees separately (monthly): a debit from one of
    /// <see cref="PayerNames"/> is booked as GEB and not matched as a receipt.
    /// </summary>
    public bool FeesDebitedMonthly { get; init; }

    /// <summary>The compiled <see cref="PayoutIdPattern"/>, or null.</summary>
    public System.Text.RegularExpressions.Regex? PayoutIdRegex() =>
        string.IsNullOrWhiteSpace(PayoutIdPattern)
            ? null
            : new System.Text.RegularExpressions.Regex(PayoutIdPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    public IReadOnlyList<string> EffectiveDateFormats => DateFormats.Count == 0 ? StandardDateFormats : DateFormats;

    public IReadOnlyList<string> EffectiveTimeFormats => TimeFormats.Count == 0 ? StandardTimeFormats : TimeFormats;

    public IReadOnlyList<string> EffectiveCreditValues => CreditValues.Count == 0 ? StandardCreditValues : CreditValues;

    public IReadOnlyList<string> EffectiveDebitValues => DebitValues.Count == 0 ? StandardDebitValues : DebitValues;

    /// <summary>The encoding; invalid bytes throw instead of silently becoming U+FFFD.</summary>
    public Encoding ResolveEncoding() => InboxCsv.ResolveEncoding(Encoding);

    /// <summary>Problems with the profile itself, for start-up validation; each names the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || Name is "." or "..")
        {
            problems.Add($"Name '{Name}' cannot be a folder name.");
        }

        if (Delimiter is not { Length: 1 } || !char.IsAscii(Delimiter[0]) || Delimiter[0] is '\n' or '\r')
        {
            problems.Add("Delimiter must be exactly one ASCII character other than a line break (e.g. ';', ',', '\\t').");
        }

        if (Quote is not { Length: 1 } || Quote == Delimiter)
        {
            problems.Add("Quote must be exactly one character other than the delimiter.");
        }

        try
        {
            ResolveEncoding();
        }
        catch (ArgumentException)
        {
            problems.Add($"Encoding '{Encoding}' is unknown (use utf-8, windows-1252 or iso-8859-15).");
        }

        if (DecimalSeparator is not ("," or "."))
        {
            problems.Add("DecimalSeparator must be ',' or '.'.");
        }

        if (ThousandsSeparator is not ("" or "." or "," or " " or "'") || ThousandsSeparator == DecimalSeparator)
        {
            problems.Add("ThousandsSeparator must be empty, '.', ',', ' ' or ''' and differ from the DecimalSeparator.");
        }

        if (!Enum.IsDefined(AmountUnit))
        {
            problems.Add($"AmountUnit '{AmountUnit}' is unknown (Euros or Cents).");
        }

        if (!Enum.IsDefined(SignHandling))
        {
            problems.Add($"SignHandling '{SignHandling}' is unknown (SignedAmounts or SignColumn).");
        }

        if (!Enum.IsDefined(FeeSign))
        {
            problems.Add($"FeeSign '{FeeSign}' is unknown (ChargePositive or ChargeNegative).");
        }

        if (SignHandling == SignHandling.SignColumn && EffectiveCreditValues.Intersect(EffectiveDebitValues, StringComparer.OrdinalIgnoreCase).Any())
        {
            problems.Add("CreditValues and DebitValues must not share a value.");
        }

        if (!PaymentRecon.Currency.TryParse(DefaultCurrency, out _))
        {
            problems.Add($"DefaultCurrency '{DefaultCurrency}' is not an ISO 4217 code.");
        }

        foreach (var format in EffectiveDateFormats)
        {
            if (!RoundTrips(format, f => new DateOnly(2026, 11, 27).ToString(f, CultureInfo.InvariantCulture),
                    (t, f) => DateOnly.TryParseExact(t, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d == new DateOnly(2026, 11, 27)))
            {
                problems.Add($"DateFormats: '{format}' is not a date format with day, month and year (e.g. dd.MM.yyyy).");
            }
        }

        foreach (var format in EffectiveTimeFormats)
        {
            if (!RoundTrips(format, f => new TimeOnly(13, 45).ToString(f, CultureInfo.InvariantCulture),
                    (t, f) => TimeOnly.TryParseExact(t, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d == new TimeOnly(13, 45)))
            {
                problems.Add($"TimeFormats: '{format}' is not a time format with hours and minutes (e.g. HH:mm:ss).");
            }
        }

        var headers = new List<string>();
        foreach (var (field, header, required) in Columns.All(SignHandling))
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                if (required)
                {
                    problems.Add($"Columns:{field} must name a column.");
                }

                continue;
            }

            headers.AddRange(Alternatives(header));
        }

        if (headers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != headers.Count)
        {
            problems.Add("Columns: two fields name the same column.");
        }

        if (PayoutTypes.Count > 0 && string.IsNullOrWhiteSpace(Columns.Type))
        {
            problems.Add("PayoutTypes need Columns:Type.");
        }

        try
        {
            PayoutIdRegex();
        }
        catch (ArgumentException e)
        {
            problems.Add($"PayoutIdPattern is not a valid regular expression: {e.Message}");
        }

        if (FeesDebitedMonthly && PayerNames.Count == 0)
        {
            problems.Add("FeesDebitedMonthly needs PayerNames (the name the provider's debits carry).");
        }

        if (AcceptedStatuses.Count > 0 && string.IsNullOrWhiteSpace(Columns.Status))
        {
            problems.Add("AcceptedStatuses need Columns:Status.");
        }

        return problems;
    }

    /// <summary>The alternatives of a header setting (<c>A|B</c>), trimmed.</summary>
    public static IReadOnlyList<string> Alternatives(string header) =>
        header.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool RoundTrips(string format, Func<string, string> write, Func<string, string, bool> readBack)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return false;
        }

        try
        {
            return readBack(write(format), format);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
