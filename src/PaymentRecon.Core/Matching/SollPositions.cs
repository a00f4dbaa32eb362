using System.Collections;

namespace PaymentRecon.Matching;

/// <summary>
/// The Soll positions of a matching pass, packed column by column in allocation order
/// (Kassenzeichen, oldest due date first, AnordnungsNr, id) and indexed by Kassenzeichen and by
/// position id. Read as a list it gives each position as an <see cref="OpenSoll"/>, made when it
/// is asked for.
/// </summary>
/// <remarks>
/// A night of a million positions as records was three million objects (the record, its
/// Kassenzeichen, its AnordnungsNr) in the old generation, and every full garbage collection of
/// the pass traced all of them: 0.35-0.5 s each, twenty and more a night. Here they are a few
/// arrays of numbers and characters, which a collection does not trace. A payment asks for the
/// handful of positions of the Kassenzeichen it names; those objects die young.
/// </remarks>
public sealed class SollPositions : IReadOnlyList<OpenSoll>
{
    private readonly Columns _columns;
    private readonly decimal[] _open;

    private SollPositions(Columns columns, decimal[] open)
    {
        _columns = columns;
        _open = open;
    }

    public static SollPositions Empty { get; } = new Builder().Build();

    public int Count => _open.Length;

    /// <summary>The position at <paramref name="index"/> in allocation order, with what was open when it was read.</summary>
    public OpenSoll this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return Position(index, null);
        }
    }

    /// <summary>The given positions packed; the same list when it already is.</summary>
    public static SollPositions From(IReadOnlyList<OpenSoll> soll)
    {
        ArgumentNullException.ThrowIfNull(soll);
        if (soll is SollPositions packed)
        {
            return packed;
        }

        var builder = new Builder(soll.Count);
        foreach (var position in soll)
        {
            builder.Add(position);
        }

        return builder.Build();
    }

    /// <summary>
    /// The same positions with the open amounts of <paramref name="openAmounts"/> where they name
    /// one (a pass's changes, <see cref="MatchResult.OpenAmounts"/>); everything else is shared.
    /// </summary>
    public SollPositions WithOpenAmounts(IReadOnlyDictionary<long, Money> openAmounts)
    {
        ArgumentNullException.ThrowIfNull(openAmounts);
        var open = CopyOpenAmounts();
        foreach (var (positionId, amount) in openAmounts)
        {
            if (_columns.IndexById.TryGetValue(positionId, out var index))
            {
                open[index] = amount.Amount;
            }
        }

        return new SollPositions(_columns, open);
    }

    public IEnumerator<OpenSoll> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return Position(i, null);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal long PositionId(int index) => _columns.Ids[index];

    internal Currency Currency(int index) => _columns.Currencies[_columns.Currency[index]];

    internal decimal[] CopyOpenAmounts() => (decimal[])_open.Clone();

    internal bool TryGetIndex(long positionId, out int index) => _columns.IndexById.TryGetValue(positionId, out index);

    /// <summary>Where the positions of a Kassenzeichen start in allocation order, and how many there are.</summary>
    internal bool TryGetRange(ReadOnlySpan<char> kassenzeichen, out int start, out int count)
    {
        var columns = _columns;
        var mask = columns.Slots.Length - 1;
        for (var slot = FirstSlot(kassenzeichen, mask); columns.Slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var group = columns.Slots[slot] - 1;
            var first = columns.GroupStart[group];
            if (kassenzeichen.SequenceEqual(columns.Text.Get(columns.Kassenzeichen[first])))
            {
                start = first;
                count = columns.GroupStart[group + 1] - first;
                return true;
            }
        }

        start = 0;
        count = 0;
        return false;
    }

    /// <summary>Where a Kassenzeichen's probe starts in the hash slots; lookup and build must agree.</summary>
    private static int FirstSlot(ReadOnlySpan<char> kassenzeichen, int mask) => string.GetHashCode(kassenzeichen, StringComparison.Ordinal) & mask;

    /// <param name="kassenzeichen">The position's Kassenzeichen when the caller has it as a string already.</param>
    internal OpenSoll Position(int index, string? kassenzeichen)
    {
        var columns = _columns;
        var currency = Currency(index);
        var (name, iban) = columns.Debtors.TryGetValue(index, out var debtor) ? debtor : ("", null);
        return new OpenSoll(
            columns.Ids[index],
            kassenzeichen ?? columns.Text.GetString(columns.Kassenzeichen[index]),
            columns.Shared[columns.Verfahren[index]],
            columns.Text.GetString(columns.AnordnungsNr[index]),
            columns.Shared[columns.Haushaltsstelle[index]],
            new Money(_open[index], currency),
            new Money(columns.Original[index], currency),
            columns.Due[index],
            name,
            iban);
    }

    /// <summary>Everything but the open amounts, which <see cref="WithOpenAmounts"/> replaces.</summary>
    private sealed class Columns
    {
        public required long[] Ids { get; init; }
        public required decimal[] Original { get; init; }
        public required DateOnly[] Due { get; init; }
        public required int[] Kassenzeichen { get; init; }
        public required int[] AnordnungsNr { get; init; }
        public required int[] Verfahren { get; init; }
        public required int[] Haushaltsstelle { get; init; }
        public required byte[] Currency { get; init; }
        public required PackedText Text { get; init; }
        public required string[] Shared { get; init; }
        public required Currency[] Currencies { get; init; }
        public required Dictionary<int, (string Name, string? Iban)> Debtors { get; init; }
        public required Dictionary<long, int> IndexById { get; init; }
        // Start of each Kassenzeichen's positions, and one past the last after them.
        public required int[] GroupStart { get; init; }
        // Open addressing by the Kassenzeichen's hash: group + 1, 0 for a free slot.
        public required int[] Slots { get; init; }
    }

    /// <summary>Collects positions in any order; <see cref="Build"/> sorts and indexes them.</summary>
    public sealed class Builder
    {
        private readonly PackedText _text = new();
        private readonly Dictionary<string, int> _sharedIndex = new(StringComparer.Ordinal);
        private readonly List<string> _shared = [];
        private readonly List<Currency> _currencies = [];
        private readonly Dictionary<int, (string Name, string? Iban)> _debtors = [];
        private long[] _ids;
        private decimal[] _open;
        private decimal[] _original;
        private DateOnly[] _due;
        private int[] _kassenzeichen;
        private int[] _anordnungsNr;
        private int[] _verfahren;
        private int[] _haushaltsstelle;
        private byte[] _currency;
        private int _count;
        private bool _built;

        /// <param name="capacity">How many positions are coming, when known: the columns are then allocated once.</param>
        public Builder(int capacity = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(capacity);
            _ids = new long[capacity];
            _open = new decimal[capacity];
            _original = new decimal[capacity];
            _due = new DateOnly[capacity];
            _kassenzeichen = new int[capacity];
            _anordnungsNr = new int[capacity];
            _verfahren = new int[capacity];
            _haushaltsstelle = new int[capacity];
            _currency = new byte[capacity];
        }

        public void Add(OpenSoll position)
        {
            ArgumentNullException.ThrowIfNull(position);
            Add(position.PositionId, position.Kassenzeichen, position.Verfahren, position.AnordnungsNr, position.Haushaltsstelle,
                position.OpenAmount, position.OriginalAmount, position.DueDate, position.DebtorName, position.DebtorIban);
        }

        /// <param name="kassenzeichen">Normalised (no separators, upper case), as <see cref="OpenSoll.Kassenzeichen"/>.</param>
        public void Add(
            long positionId,
            ReadOnlySpan<char> kassenzeichen,
            string verfahren,
            ReadOnlySpan<char> anordnungsNr,
            string haushaltsstelle,
            Money openAmount,
            Money originalAmount,
            DateOnly dueDate,
            string debtorName = "",
            string? debtorIban = null)
        {
            ArgumentNullException.ThrowIfNull(verfahren);
            ArgumentNullException.ThrowIfNull(haushaltsstelle);
            ArgumentNullException.ThrowIfNull(debtorName);
            ThrowIfBuilt();
            if (openAmount.Currency != originalAmount.Currency)
            {
                throw new ArgumentException($"Soll position {positionId}: open amount in {openAmount.Currency}, original amount in {originalAmount.Currency}.", nameof(openAmount));
            }

            if (_count == _ids.Length)
            {
                Grow(Math.Max(16, _count * 2));
            }

            var i = _count++;
            _ids[i] = positionId;
            _open[i] = openAmount.Amount;
            _original[i] = originalAmount.Amount;
            _due[i] = dueDate;
            _kassenzeichen[i] = _text.Add(kassenzeichen);
            _anordnungsNr[i] = _text.Add(anordnungsNr);
            _verfahren[i] = Share(verfahren);
            _haushaltsstelle[i] = Share(haushaltsstelle);
            _currency[i] = CurrencyIndex(openAmount.Currency);
            if (debtorName.Length > 0 || debtorIban is not null)
            {
                _debtors[i] = (debtorName, debtorIban);
            }
        }

        /// <summary>The positions added, sorted and indexed. Once: the list shares the builder's columns.</summary>
        /// <exception cref="ArgumentException">A position id was added twice.</exception>
        public SollPositions Build()
        {
            ThrowIfBuilt();
            _built = true;
            var n = _count;
            int[]? order = null;
            for (var i = 1; i < n; i++)
            {
                if (Compare(i - 1, i) > 0)
                {
                    order = [.. Enumerable.Range(0, n)];
                    Array.Sort(order, Compare);
                    break;
                }
            }

            var ids = Arrange(_ids, order, n);
            var kassenzeichen = Arrange(_kassenzeichen, order, n);
            var (groupStart, slots) = IndexByKassenzeichen(kassenzeichen);
            var columns = new Columns
            {
                Ids = ids,
                Original = Arrange(_original, order, n),
                Due = Arrange(_due, order, n),
                Kassenzeichen = kassenzeichen,
                AnordnungsNr = Arrange(_anordnungsNr, order, n),
                Verfahren = Arrange(_verfahren, order, n),
                Haushaltsstelle = Arrange(_haushaltsstelle, order, n),
                Currency = Arrange(_currency, order, n),
                Text = _text,
                Shared = [.. _shared],
                Currencies = [.. _currencies],
                Debtors = Debtors(order, n),
                IndexById = IndexById(ids),
                GroupStart = groupStart,
                Slots = slots,
            };
            return new SollPositions(columns, Arrange(_open, order, n));
        }

        private static Dictionary<long, int> IndexById(long[] ids)
        {
            var index = new Dictionary<long, int>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                if (!index.TryAdd(ids[i], i))
                {
                    throw new ArgumentException($"Soll position {ids[i]} is given twice.");
                }
            }

            return index;
        }

        /// <summary>Where each Kassenzeichen's positions start (sorted, so they are together), and the hash slots that find them.</summary>
        private (int[] GroupStart, int[] Slots) IndexByKassenzeichen(int[] kassenzeichen)
        {
            var starts = new List<int>();
            for (var i = 0; i < kassenzeichen.Length; i++)
            {
                if (i == 0 || !_text.Get(kassenzeichen[i]).SequenceEqual(_text.Get(kassenzeichen[i - 1])))
                {
                    starts.Add(i);
                }
            }

            var groups = starts.Count;
            starts.Add(kassenzeichen.Length);
            // At most half full, so that a probe for an unknown Kassenzeichen ends soon.
            var slots = new int[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(groups * 2)))];
            var mask = slots.Length - 1;
            for (var group = 0; group < groups; group++)
            {
                var slot = FirstSlot(_text.Get(kassenzeichen[starts[group]]), mask);
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = group + 1;
            }

            return ([.. starts], slots);
        }

        private void ThrowIfBuilt()
        {
            if (_built)
            {
                throw new InvalidOperationException("The Soll positions have been built already; start a new builder.");
            }
        }

        // Oldest due date first, ties by AnordnungsNr, then id: the allocation order within a Kassenzeichen.
        private int Compare(int a, int b)
        {
            var byKassenzeichen = _text.Get(_kassenzeichen[a]).SequenceCompareTo(_text.Get(_kassenzeichen[b]));
            if (byKassenzeichen != 0)
            {
                return byKassenzeichen;
            }

            var byDue = _due[a].CompareTo(_due[b]);
            if (byDue != 0)
            {
                return byDue;
            }

            var byNumber = _text.Get(_anordnungsNr[a]).SequenceCompareTo(_text.Get(_anordnungsNr[b]));
            return byNumber != 0 ? byNumber : _ids[a].CompareTo(_ids[b]);
        }

        private Dictionary<int, (string Name, string? Iban)> Debtors(int[]? order, int n)
        {
            if (order is null || _debtors.Count == 0)
            {
                return new Dictionary<int, (string, string?)>(_debtors);
            }

            var result = new Dictionary<int, (string, string?)>(_debtors.Count);
            for (var i = 0; i < n; i++)
            {
                if (_debtors.TryGetValue(order[i], out var debtor))
                {
                    result[i] = debtor;
                }
            }

            return result;
        }

        private static T[] Arrange<T>(T[] column, int[]? order, int n)
        {
            if (order is null)
            {
                return column.Length == n ? column : column[..n];
            }

            var result = new T[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = column[order[i]];
            }

            return result;
        }

        private void Grow(int capacity)
        {
            Array.Resize(ref _ids, capacity);
            Array.Resize(ref _open, capacity);
            Array.Resize(ref _original, capacity);
            Array.Resize(ref _due, capacity);
            Array.Resize(ref _kassenzeichen, capacity);
            Array.Resize(ref _anordnungsNr, capacity);
            Array.Resize(ref _verfahren, capacity);
            Array.Resize(ref _haushaltsstelle, capacity);
            Array.Resize(ref _currency, capacity);
        }

        private int Share(string value)
        {
            if (!_sharedIndex.TryGetValue(value, out var index))
            {
                index = _shared.Count;
                _shared.Add(value);
                _sharedIndex[value] = index;
            }

            return index;
        }

        private byte CurrencyIndex(Currency currency)
        {
            var index = _currencies.IndexOf(currency);
            if (index < 0)
            {
                if (_currencies.Count > byte.MaxValue)
                {
                    throw new ArgumentException("More than 256 currencies among the Soll positions.", nameof(currency));
                }

                index = _currencies.Count;
                _currencies.Add(currency);
            }

            return (byte)index;
        }
    }

    /// <summary>
    /// Short texts one after the other in character blocks, each behind its length; an address is
    /// the block and the offset in it. A million Kassenzeichen are then a few dozen arrays, not a
    /// million strings.
    /// </summary>
    private sealed class PackedText
    {
        private const int OffsetBits = 20;
        private const int MaxBlock = 1 << OffsetBits;
        private readonly List<char[]> _blocks = [];
        private int _used;

        public int Add(ReadOnlySpan<char> value)
        {
            if (value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"A text of {value.Length} characters is too long for a Soll position (at most {ushort.MaxValue}).", nameof(value));
            }

            if (_blocks.Count == 0 || _used + value.Length + 1 > _blocks[^1].Length)
            {
                if (_blocks.Count == 1 << (31 - OffsetBits))
                {
                    throw new InvalidOperationException("Too much text among the Soll positions.");
                }

                // Small lists (a manual assignment) stay small; a night's million fill 2 MB blocks.
                var size = _blocks.Count == 0 ? 256 : Math.Min(MaxBlock, _blocks[^1].Length * 2);
                _blocks.Add(new char[Math.Max(size, value.Length + 1)]);
                _used = 0;
            }

            var block = _blocks[^1];
            block[_used] = (char)value.Length;
            value.CopyTo(block.AsSpan(_used + 1));
            var address = ((_blocks.Count - 1) << OffsetBits) | _used;
            _used += value.Length + 1;
            return address;
        }

        public ReadOnlySpan<char> Get(int address)
        {
            var block = _blocks[address >> OffsetBits];
            var offset = address & (MaxBlock - 1);
            return block.AsSpan(offset + 1, block[offset]);
        }

        public string GetString(int address)
        {
            var value = Get(address);
            return value.Length == 0 ? "" : new string(value);
        }
    }
}
