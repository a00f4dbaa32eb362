using System.Globalization;
using System.Text;

namespace PaymentRecon.Matching;

/// <summary>
/// Compares names as payers and Fachverfahren write them: case, umlauts and ae/oe/ue, ß and ss,
/// accents, punctuation and word order do not matter ("Müller, Hans" = "hans mueller").
/// </summary>
internal static class NameNormaliser
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "herr", "herrn", "frau", "fam", "familie", "eheleute", "und", "dr", "prof", "u", "c", "o", "co", "mit",
    };

    /// <summary>Distinct normalised words, sorted.</summary>
    public static string[] Tokens(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return [];
        }

        var folded = Fold(name);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var token = folded[start..i];
                // Numbers in a name (house numbers, "GbR 2") say nothing about who paid.
                if (token.Length >= 2 && !StopWords.Contains(token) && !token.All(char.IsAsciiDigit) && !tokens.Contains(token))
                {
                    tokens.Add(token);
                }

                start = -1;
            }
        }

        tokens.Sort(StringComparer.Ordinal);
        return [.. tokens];
    }

    /// <summary>Share of words in common, relative to the longer name: 1 = same words in any order.</summary>
    public static double Similarity(string[] left, string[] right)
    {
        if (left.Length == 0 || right.Length == 0)
        {
            return 0;
        }

        var common = 0;
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            var order = string.CompareOrdinal(left[i], right[j]);
            if (order == 0)
            {
                common++;
                i++;
                j++;
            }
            else if (order < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / Math.Max(left.Length, right.Length);
    }

    private static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        var ascii = true;
        foreach (var raw in name)
        {
            var c = char.ToLowerInvariant(raw);
            switch (c)
            {
                case 'ä': builder.Append("ae"); break;
                case 'ö': builder.Append("oe"); break;
                case 'ü': builder.Append("ue"); break;
                case 'ß': builder.Append("ss"); break;
                default:
                    ascii &= c < 128;
                    builder.Append(c);
                    break;
            }
        }

        if (ascii)
        {
            return builder.ToString();
        }

        // Other accents (é, č, ...) are dropped: "José" = "Jose".
        var decomposed = builder.ToString().Normalize(NormalizationForm.FormD);
        var stripped = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                stripped.Append(c);
            }
        }

        return stripped.ToString();
    }
}
