using System.Globalization;
using PaymentRecon.Data.Klaerfaelle;

namespace PaymentRecon.Host.Service.Dashboard;

/// <summary>
/// The worklist's filters as they stand in the query string (German names, so a bookmarked or
/// mailed link reads well: <c>?konto=DE16…&amp;betragVon=100&amp;sortierung=betrag&amp;absteigend=1</c>),
/// parsed into a <see cref="KlaerfallFilter"/> and written back for sort and page links.
/// Values that cannot be read are named in <see cref="Problems"/> and ignored, never guessed.
/// </summary>
internal sealed class KlaerfallListQuery
{
    public static readonly string[] Names =
        ["status", "von", "bis", "betragVon", "betragBis", "konto", "regel", "alterVon", "alterBis", "bearbeiter", "suche", "freigabe", "sortierung", "absteigend", "seite"];

    private static readonly Dictionary<string, KlaerfallSort> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["datum"] = KlaerfallSort.Date,
        ["betrag"] = KlaerfallSort.Amount,
        ["alter"] = KlaerfallSort.Age,
        ["zahler"] = KlaerfallSort.Payer,
    };

    private readonly Dictionary<string, string> _values;

    private KlaerfallListQuery(Dictionary<string, string> values, KlaerfallFilter filter, IReadOnlyList<string> problems)
    {
        _values = values;
        Filter = filter;
        Problems = problems;
    }

    public KlaerfallFilter Filter { get; }

    public IReadOnlyList<string> Problems { get; }

    public string Value(string name) => _values.GetValueOrDefault(name, "");

    public string SortName => Sorts.First(s => s.Value == Filter.Sort).Key;

    public static KlaerfallListQuery Parse(IQueryCollection query, DateOnly today, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var value = query[name].ToString().Trim();
            if (value.Length > 0)
            {
                values[name] = value;
            }
        }

        var problems = new List<string>();
        var status = values.GetValueOrDefault("status", "offen");
        if (status is not ("offen" or "zugeordnet" or "erstattung" or "verwahrt"))
        {
            problems.Add($"Unbekannter Status „{status}“.");
            status = "offen";
        }

        var filter = new KlaerfallFilter
        {
            Status = status,
            BookedFrom = Date(values, "von", "Buchungstag von", problems),
            BookedTo = Date(values, "bis", "Buchungstag bis", problems),
            AmountFrom = Amount(values, "betragVon", "Betrag von", problems),
            AmountTo = Amount(values, "betragBis", "Betrag bis", problems),
            AccountIban = values.GetValueOrDefault("konto"),
            Rule = values.GetValueOrDefault("regel"),
            MinAgeDays = Number(values, "alterVon", "Alter von", problems),
            MaxAgeDays = Number(values, "alterBis", "Alter bis", problems),
            AssignedTo = values.GetValueOrDefault("bearbeiter"),
            Text = values.GetValueOrDefault("suche"),
            PendingApproval = values.GetValueOrDefault("freigabe") switch
            {
                "wartet" => true,
                "keine" => false,
                _ => null,
            },
            Sort = Sorts.GetValueOrDefault(values.GetValueOrDefault("sortierung", "datum"), KlaerfallSort.Date),
            Descending = values.GetValueOrDefault("absteigend") == "1",
            Page = Number(values, "seite", "Seite", problems) is { } page and > 0 ? page : 1,
            PageSize = pageSize,
            Today = today,
        };
        return new KlaerfallListQuery(values, filter, problems);
    }

    /// <summary>This query with some values replaced (null removes one), as <c>?a=b&amp;…</c>.</summary>
    public string With(params (string Name, string? Value)[] changes)
    {
        var values = new Dictionary<string, string>(_values, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (string.IsNullOrEmpty(value))
            {
                values.Remove(name);
            }
            else
            {
                values[name] = value;
            }
        }

        var parts = Names.Where(values.ContainsKey).Select(n => n + "=" + Uri.EscapeDataString(values[n]));
        var text = string.Join("&", parts);
        return text.Length == 0 ? "" : "?" + text;
    }

    /// <summary>The link of a column header: sort by it, or turn the order round when it is the current one.</summary>
    public string SortLink(string sortName) =>
        With(("sortierung", sortName), ("absteigend", SortName == sortName && !Filter.Descending ? "1" : null), ("seite", null));

    /// <summary>
    /// An amount as finance staff type it: <c>1.234,56</c>, <c>1234,56</c>, <c>12,5</c>, or with a
    /// decimal point (<c>12.50</c>); a point followed by exactly three digits and no comma is a
    /// thousands separator (<c>1.234</c> is 1234). Null when it is none of these.
    /// </summary>
    public static decimal? ParseAmount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Replace(" ", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace("EUR", "", StringComparison.OrdinalIgnoreCase);
        var dot = value.LastIndexOf('.');
        var german = value.Contains(',', StringComparison.Ordinal) || (dot >= 0 && value.Length - dot - 1 == 3);
        return decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands,
            german ? DashboardFormat.German : CultureInfo.InvariantCulture, out var amount) && decimal.Round(amount, 2) == amount
            ? amount
            : null;
    }

    private static DateOnly? Date(Dictionary<string, string> values, string name, string label, List<string> problems)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        // <input type="date"> sends ISO; a typed German date works too.
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{label}: „{text}“ ist kein Datum (TT.MM.JJJJ).");
        return null;
    }

    private static decimal? Amount(Dictionary<string, string> values, string name, string label, List<string> problems)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        var amount = ParseAmount(text);
        if (amount is null)
        {
            problems.Add($"{label}: „{text}“ ist kein Betrag (z. B. 1.234,56).");
        }

        return amount;
    }

    private static int? Number(Dictionary<string, string> values, string name, string label, List<string> problems)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add($"{label}: „{text}“ ist keine ganze Zahl.");
        return null;
    }
}
