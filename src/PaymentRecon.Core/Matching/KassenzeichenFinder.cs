using System.Text.RegularExpressions;
using PaymentRecon.CheckDigits;

namespace PaymentRecon.Matching;

/// <summary>
/// Finds Kassenzeichen candidates in a receipt: structured creditor reference (plain or ISO 11649
/// RF), EndToEndId, <c>SVWZ+</c>/<c>EREF+</c>/<c>KREF+</c> tags, every remittance line and
/// adjacent lines joined (a Kassenzeichen split across two lines). Payers' spellings are accepted:
/// separators (space . - /), prefixes (KZ, Kassenzeichen:, Kassenz., Az ...), lower case.
/// </summary>
/// <remarks>
/// A candidate is a run of characters of the format's alphabet, bounded by characters outside it,
/// so nothing is found inside a longer digit run. Grouped spellings ("1008 4545 6115 8") are joined
/// only when the groups form the whole run, follow a Kassenzeichen prefix, or are joined by one
/// separator that differs from the ones around them: two unrelated numbers that happen to be
/// neighbours are not glued together. IBANs, RF references, dates and amounts are masked first.
/// </remarks>
public sealed partial class KassenzeichenFinder
{
    private const char Mask = '\u0001';

    // Tags whose content may hold the Kassenzeichen; other tags (MREF, CRED, IBAN, ...) are skipped.
    private static readonly HashSet<string> SearchedTags = new(StringComparer.Ordinal) { "EREF", "KREF", "SVWZ" };

    private static readonly HashSet<string> AllTags = new(StringComparer.Ordinal)
    {
        "EREF", "KREF", "MREF", "CRED", "DEBT", "COAM", "OAMT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "BREF", "RREF",
    };

    private static readonly HashSet<string> Prefixes = new(StringComparer.Ordinal)
    {
        "KZ", "KASSENZEICHEN", "KASSENZ", "KASSENZEICH", "KASSENZCH", "KASSENZEICHENS", "AZ", "AKTENZEICHEN", "KZNR", "KASSENZEICHENNR",
    };

    private readonly KassenzeichenFormat[] _formats;
    private readonly bool[][] _formatAlphabets;
    private readonly bool[] _alphabet = new bool[128];
    private readonly bool _lettersAllowed;
    private readonly int _minLength;
    private readonly int _maxLength;

    public KassenzeichenFinder(IReadOnlyList<KassenzeichenFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Count == 0)
        {
            throw new ArgumentException("At least one Kassenzeichen format is needed.", nameof(formats));
        }

        _formats = [.. formats];
        _formatAlphabets = [.. _formats.Select(f =>
        {
            var allowed = new bool[128];
            foreach (var c in f.Alphabet.Where(c => c < 128))
            {
                allowed[c] = true;
            }

            return allowed;
        })];
        _minLength = formats.Min(f => f.MinLength);
        _maxLength = formats.Max(f => f.MaxLength);
        foreach (var c in formats.SelectMany(f => f.Alphabet))
        {
            if (c < 128)
            {
                _alphabet[c] = true;
                _lettersAllowed |= char.IsAsciiLetter(c);
            }
        }
    }

    public KassenzeichenFinder(KassenzeichenFormat format)
        : this([format])
    {
    }

    public KassenzeichenFindings Find(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return Find(receipt.RemittanceLines, receipt.EndToEndId, receipt.CreditorReference);
    }

    public KassenzeichenFindings Find(IReadOnlyList<string> remittanceLines, string? endToEndId, string? creditorReference)
    {
        ArgumentNullException.ThrowIfNull(remittanceLines);
        var candidates = new List<KassenzeichenCandidate>();
        List<string>? notes = null;

        if (!IsEmptyReference(creditorReference))
        {
            FindInStructured(creditorReference!, candidates, ref notes);
        }

        if (!IsEmptyReference(endToEndId))
        {
            foreach (var hit in ScanTagged(endToEndId!))
            {
                Add(candidates, hit, CandidateSource.EndToEndId, structured: false);
            }
        }

        for (var i = 0; i < remittanceLines.Count; i++)
        {
            foreach (var hit in ScanTagged(remittanceLines[i] ?? ""))
            {
                Add(candidates, hit, CandidateSource.RemittanceLine, structured: false);
            }
        }

        // A Kassenzeichen cut at a line boundary: join neighbours without and with a space, and keep
        // only what crosses the boundary (the rest was found line by line).
        for (var i = 0; i + 1 < remittanceLines.Count; i++)
        {
            var first = remittanceLines[i] ?? "";
            var second = remittanceLines[i + 1] ?? "";
            if (first.Length == 0 || second.Length == 0)
            {
                continue;
            }

            foreach (var joiner in (ReadOnlySpan<string>)["", " "])
            {
                var boundary = first.Length;
                foreach (var hit in ScanTagged(first + joiner + second))
                {
                    if (hit.Start < boundary && hit.End > boundary + joiner.Length)
                    {
                        Add(candidates, hit, CandidateSource.JoinedLines, structured: false);
                    }
                }
            }
        }

        return candidates.Count == 0 && notes is null
            ? KassenzeichenFindings.Empty
            : new KassenzeichenFindings(candidates, (IReadOnlyList<string>?)notes ?? []);
    }

    /// <summary>Checks one normalised value against the formats: valid, check digit fails, or not a Kassenzeichen at all.</summary>
    public CandidateValidity Evaluate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = CandidateValidity.NotAKassenzeichen;
        if (value.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            return result;
        }

        for (var f = 0; f < _formats.Length; f++)
        {
            var format = _formats[f];
            if (value.Length < format.MinLength || value.Length > format.MaxLength || !InAlphabet(value, _formatAlphabets[f]))
            {
                continue;
            }

            if (format.Check(value) is null)
            {
                return CandidateValidity.Valid;
            }

            if (format.CheckDigit != CheckDigitScheme.None)
            {
                result = CandidateValidity.CheckDigitFails;
            }
        }

        return result;
    }

    private static bool InAlphabet(string value, bool[] allowed)
    {
        foreach (var c in value)
        {
            if (c >= 128 || !allowed[c])
            {
                return false;
            }
        }

        return true;
    }

    private void FindInStructured(string reference, List<KassenzeichenCandidate> candidates, ref List<string>? notes)
    {
        var compact = KassenzeichenFormat.Normalise(reference);
        if (RfReference.LooksLikeRf(compact))
        {
            if (RfReference.TryGetPayload(compact, out var payload))
            {
                var validity = Evaluate(payload);
                if (validity != CandidateValidity.NotAKassenzeichen)
                {
                    candidates.Add(new KassenzeichenCandidate(payload, reference.Trim(), CandidateSource.RfReference, null, validity == CandidateValidity.Valid, IsStructured: true));
                }

                return;
            }

            (notes ??= []).Add($"RF-Referenz „{reference.Trim()}“ ist ungültig (Prüfsumme nach ISO 11649 stimmt nicht) und wird nicht verwendet.");
            return;
        }

        var whole = Evaluate(compact);
        if (whole != CandidateValidity.NotAKassenzeichen)
        {
            candidates.Add(new KassenzeichenCandidate(compact, reference.Trim(), CandidateSource.CreditorReference, null, whole == CandidateValidity.Valid, IsStructured: true));
            return;
        }

        foreach (var hit in ScanTagged(reference))
        {
            Add(candidates, hit, CandidateSource.CreditorReference, structured: true);
        }
    }

    private static void Add(List<KassenzeichenCandidate> candidates, Hit hit, CandidateSource source, bool structured)
    {
        foreach (var existing in candidates)
        {
            if (string.Equals(existing.Value, hit.Value, StringComparison.Ordinal))
            {
                return;
            }
        }

        var effectiveSource = hit.FromRf ? CandidateSource.RfInText : hit.Tag is not null ? CandidateSource.Tag : source;
        candidates.Add(new KassenzeichenCandidate(hit.Value, hit.Written, effectiveSource, hit.Tag, hit.Valid, structured));
    }

    private static bool IsEmptyReference(string? reference) =>
        string.IsNullOrWhiteSpace(reference) || reference.Trim().Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The one place that knows the German MT940-legacy tags (<c>EREF+</c>, <c>SVWZ:</c> ...): splits
    /// the text into tagged parts, scans the parts that may hold a Kassenzeichen, and reports hits
    /// with positions in the original text. To be folded with <c>Camt/RemittanceText</c> later.
    /// </summary>
    private List<Hit> ScanTagged(string text)
    {
        var hits = new List<Hit>();
        if (text.Length == 0)
        {
            return hits;
        }

        var tags = MayHoldTag(text) ? TagPattern().Matches(text) : null;
        if (tags is null || tags.Count == 0)
        {
            Scan(text, 0, text.Length, null, hits);
            return hits;
        }

        Scan(text, 0, tags[0].Index, null, hits);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i].Groups[1].Value.ToUpperInvariant();
            var start = tags[i].Index + tags[i].Length;
            var end = i + 1 < tags.Count ? tags[i + 1].Index : text.Length;
            if (!SearchedTags.Contains(tag) || text.AsSpan(start, end - start).Trim().Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Scan(text, start, end, tag, hits);
        }

        return hits;
    }

    private void Scan(string original, int from, int to, string? tag, List<Hit> hits)
    {
        if (to - from < _minLength)
        {
            return;
        }

        var upper = original[from..to].ToUpperInvariant().ToCharArray();

        // Regexes are costly per receipt; each runs only when a cheap look says it could match.
        if (upper.AsSpan().IndexOf("RF") >= 0)
        {
            MaskRfReferences(upper, from, original, tag, hits);
        }

        if (MayHoldIban(upper))
        {
            MaskPattern(upper, IbanLikePattern(), IsIbanAt);
        }

        MaskDatesAndAmounts(upper);

        // Chunks: maximal runs of alphabet characters.
        var chunks = new List<(int Start, int End, bool Letters)>();
        for (var i = 0; i < upper.Length;)
        {
            if (!IsAlphabet(upper[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var digits = false;
            while (i < upper.Length && IsAlphabet(upper[i]))
            {
                digits |= char.IsAsciiDigit(upper[i]);
                i++;
            }

            chunks.Add((start, i, !digits));
        }

        // Chains: chunks joined by one to three separators.
        var chainStart = 0;
        for (var k = 1; k <= chunks.Count; k++)
        {
            if (k < chunks.Count && Joins(upper, chunks[k - 1], chunks[k]))
            {
                continue;
            }

            ScanChain(original, from, upper, chunks, chainStart, k - 1, tag, hits);
            chainStart = k;
        }
    }

    private bool Joins(char[] upper, (int Start, int End, bool Letters) left, (int Start, int End, bool Letters) right)
    {
        var gap = right.Start - left.End;
        if (gap is < 1 or > 3)
        {
            return false;
        }

        var hasSpace = false;
        for (var i = left.End; i < right.Start; i++)
        {
            if (!KassenzeichenFormat.IsSeparator(upper[i]))
            {
                return false;
            }

            hasSpace |= upper[i] is ' ' or '\t' or '\u00A0';
        }

        // With letters in the alphabet, words would chain with every number: a word joins only
        // through a tight separator ("ABC-123-4"), never through a space.
        return !(_lettersAllowed && hasSpace && (left.Letters || right.Letters));
    }

    private void ScanChain(string original, int offset, char[] upper, List<(int Start, int End, bool Letters)> chunks, int first, int last, string? tag, List<Hit> hits)
    {
        for (var i = first; i <= last; i++)
        {
            var length = 0;
            for (var j = i; j <= last; j++)
            {
                length += chunks[j].End - chunks[j].Start;
                if (length > _maxLength)
                {
                    break;
                }

                if (length < _minLength)
                {
                    continue;
                }

                var acceptable = i == j || (i == first && j == last) || HasPrefixBefore(upper, chunks[i].Start) || IsSetApart(upper, chunks, first, last, i, j);
                if (!acceptable)
                {
                    continue;
                }

                var value = string.Create(length, (upper, chunks, i, j), static (span, state) =>
                {
                    var position = 0;
                    for (var k = state.i; k <= state.j; k++)
                    {
                        var chunk = state.chunks[k];
                        state.upper.AsSpan(chunk.Start, chunk.End - chunk.Start).CopyTo(span[position..]);
                        position += chunk.End - chunk.Start;
                    }
                });
                var validity = Evaluate(value);
                if (validity == CandidateValidity.NotAKassenzeichen)
                {
                    continue;
                }

                var start = offset + chunks[i].Start;
                var end = offset + chunks[j].End;
                hits.Add(new Hit(value, original[start..end], start, end, validity == CandidateValidity.Valid, tag, FromRf: false));
            }
        }
    }

    // Groups joined by one separator that differs from the separators around them
    // ("Bescheid 1008-4545-6115-8 vom ..." inside a space-separated run).
    private static bool IsSetApart(char[] upper, List<(int Start, int End, bool Letters)> chunks, int first, int last, int i, int j)
    {
        var inner = Gap(upper, chunks[i].End, chunks[i + 1].Start);
        for (var k = i + 1; k < j; k++)
        {
            if (!Gap(upper, chunks[k].End, chunks[k + 1].Start).SequenceEqual(inner))
            {
                return false;
            }
        }

        if (i > first && Gap(upper, chunks[i - 1].End, chunks[i].Start).SequenceEqual(inner))
        {
            return false;
        }

        return j >= last || !Gap(upper, chunks[j].End, chunks[j + 1].Start).SequenceEqual(inner);

        static ReadOnlySpan<char> Gap(char[] text, int from, int to) => text.AsSpan(from, to - from).Trim();
    }

    private static bool HasPrefixBefore(char[] upper, int position)
    {
        var i = SkipBack(upper, position);
        var word = WordBefore(upper, ref i);
        if (word is "NR" or "NUMMER")
        {
            i = SkipBack(upper, i);
            word = WordBefore(upper, ref i) + "NR";
            return Prefixes.Contains(word) || Prefixes.Contains(word[..^2]);
        }

        return Prefixes.Contains(word);

        static int SkipBack(char[] text, int i)
        {
            while (i > 0 && text[i - 1] is ' ' or ':' or '.' or '#' or '-' or '/' or '\t' or '\u00A0')
            {
                i--;
            }

            return i;
        }

        static string WordBefore(char[] text, ref int i)
        {
            var end = i;
            while (i > 0 && char.IsLetter(text[i - 1]) && end - i < 20)
            {
                i--;
            }

            return new string(text, i, end - i);
        }
    }

    private bool IsAlphabet(char c) => c < 128 && _alphabet[c];

    private void MaskRfReferences(char[] upper, int offset, string original, string? tag, List<Hit> hits)
    {
        var text = new string(upper);
        foreach (Match match in RfPattern().Matches(text))
        {
            // Longest valid reference first, ending only at a word boundary.
            for (var end = match.Index + match.Length; end > match.Index + 4; end--)
            {
                if (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
                {
                    continue;
                }

                var compact = KassenzeichenFormat.Normalise(text.AsSpan(match.Index, end - match.Index));
                if (!RfReference.TryGetPayload(compact, out var payload))
                {
                    continue;
                }

                var validity = Evaluate(payload);
                if (validity != CandidateValidity.NotAKassenzeichen)
                {
                    var start = offset + match.Index;
                    hits.Add(new Hit(payload, original[start..(offset + end)], start, offset + end, validity == CandidateValidity.Valid, tag, FromRf: true));
                }

                Array.Fill(upper, Mask, match.Index, end - match.Index);
                break;
            }
        }
    }

    /// <param name="maskLength">How many characters from the match's start to mask; 0 keeps the match.</param>
    private static void MaskPattern(char[] upper, Regex pattern, Func<string, Match, int> maskLength)
    {
        var text = new string(upper);
        foreach (Match match in pattern.Matches(text))
        {
            var length = maskLength(text, match);
            if (length > 0)
            {
                Array.Fill(upper, Mask, match.Index, length);
            }
        }
    }

    private static int IsIbanAt(string text, Match match)
    {
        // The pattern is greedy: shorten to the longest prefix that is a valid IBAN, ending at a word boundary.
        for (var end = match.Index + match.Length; end >= match.Index + 15; end--)
        {
            if ((end < text.Length && char.IsAsciiLetterOrDigit(text[end])) || text[end - 1] == ' ')
            {
                continue;
            }

            if (Iban.TryParse(text[match.Index..end], out _))
            {
                return end - match.Index;
            }
        }

        return 0;
    }

    // A tag is three or four letters right before '+' or ':' (maybe one space between).
    private static bool MayHoldTag(string text)
    {
        for (var i = text.AsSpan().IndexOfAny('+', ':'); i >= 0 && i < text.Length; i++)
        {
            if (text[i] is not ('+' or ':'))
            {
                continue;
            }

            var end = i > 0 && text[i - 1] == ' ' ? i - 1 : i;
            var start = end;
            while (start > 0 && end - start < 5 && char.IsAsciiLetter(text[start - 1]))
            {
                start--;
            }

            if (end - start is 3 or 4 && (start == 0 || !char.IsAsciiLetterOrDigit(text[start - 1])) && AllTags.Contains(text[start..end].ToUpperInvariant()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayHoldIban(char[] upper)
    {
        for (var i = 0; i + 3 < upper.Length; i++)
        {
            if (char.IsAsciiLetterUpper(upper[i]) && char.IsAsciiLetterUpper(upper[i + 1]) && char.IsAsciiDigit(upper[i + 2]) && char.IsAsciiDigit(upper[i + 3])
                && (i == 0 || !char.IsAsciiLetterOrDigit(upper[i - 1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Masks dates (<c>TT.MM.JJJJ</c>, <c>TT/MM/JJ</c>, <c>JJJJ-MM-TT</c>) and amounts (<c>1.234,56</c>,
    /// <c>1234,56</c>, <c>EUR 12.50</c>, <c>12.50 EUR</c>) so their digits never join a Kassenzeichen.
    /// </summary>
    private static void MaskDatesAndAmounts(char[] t)
    {
        for (var i = 0; i < t.Length; i++)
        {
            if (!char.IsAsciiDigit(t[i]) || (i > 0 && (char.IsAsciiDigit(t[i - 1]) || t[i - 1] is '.' or ',')))
            {
                continue;
            }

            var end = DateEnd(t, i);
            if (end < 0)
            {
                end = AmountEnd(t, i);
            }

            if (end > 0)
            {
                Array.Fill(t, Mask, i, end - i);
                i = end;
            }
        }
    }

    private static int Digits(char[] t, int i)
    {
        var n = 0;
        while (i + n < t.Length && char.IsAsciiDigit(t[i + n]))
        {
            n++;
        }

        return n;
    }

    private static int Number(char[] t, int i, int n)
    {
        var value = 0;
        for (var k = 0; k < n; k++)
        {
            value = (value * 10) + (t[i + k] - '0');
        }

        return value;
    }

    private static int DateEnd(char[] t, int i)
    {
        var n = Digits(t, i);
        if (n == 4 && i + 10 <= t.Length && t[i + 4] == '-' && Digits(t, i + 5) == 2 && t[i + 7] == '-' && Digits(t, i + 8) == 2)
        {
            return i + 10;
        }

        if (n is < 1 or > 2 || i + n >= t.Length || t[i + n] is not ('.' or '/'))
        {
            return -1;
        }

        var m = i + n + 1;
        var mn = Digits(t, m);
        if (mn is < 1 or > 2 || m + mn >= t.Length || t[m + mn] is not ('.' or '/'))
        {
            return -1;
        }

        var y = m + mn + 1;
        var yn = Digits(t, y);
        if (yn is not (2 or 4))
        {
            return -1;
        }

        var day = Number(t, i, n);
        var month = Number(t, m, mn);
        return day is >= 1 and <= 31 && month is >= 1 and <= 12 ? y + yn : -1;
    }

    private static int AmountEnd(char[] t, int i)
    {
        var n = Digits(t, i);
        var p = i + n;
        if (p + 3 > t.Length)
        {
            return -1;
        }

        // 1.234.567,89
        if (n <= 3 && t[p] == '.' && Digits(t, p + 1) == 3)
        {
            while (p + 4 <= t.Length && t[p] == '.' && Digits(t, p + 1) == 3)
            {
                p += 4;
            }

            return p + 3 <= t.Length && t[p] == ',' && Digits(t, p + 1) == 2 ? p + 3 : -1;
        }

        if (n > 9 || Digits(t, p + 1) != 2)
        {
            return -1;
        }

        if (t[p] == ',')
        {
            return p + 3;
        }

        // 12.50 only next to a currency: EUR 12.50, 12.50 EUR, 12.50€
        return t[p] == '.' && (CurrencyBefore(t, i) || CurrencyAfter(t, p + 3)) ? p + 3 : -1;

        static bool CurrencyBefore(char[] t, int i)
        {
            var k = i > 0 && t[i - 1] == ' ' ? i - 1 : i;
            return (k >= 1 && t[k - 1] == '€') || (k >= 3 && t[k - 3] == 'E' && t[k - 2] == 'U' && t[k - 1] == 'R');
        }

        static bool CurrencyAfter(char[] t, int k)
        {
            k = k < t.Length && t[k] == ' ' ? k + 1 : k;
            return (k < t.Length && t[k] == '€') || (k + 3 <= t.Length && t[k] == 'E' && t[k + 1] == 'U' && t[k + 2] == 'R');
        }
    }

    [GeneratedRegex(@"(?<![A-Z0-9])(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC|BREF|RREF)\s?[+:]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"(?<![A-Z0-9])RF[0-9]{2}(?: ?[A-Z0-9]){1,21}", RegexOptions.CultureInvariant)]
    private static partial Regex RfPattern();

    [GeneratedRegex(@"(?<![A-Z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}", RegexOptions.CultureInvariant)]
    private static partial Regex IbanLikePattern();

    private readonly record struct Hit(string Value, string Written, int Start, int End, bool Valid, string? Tag, bool FromRf);
}
