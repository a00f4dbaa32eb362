using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PaymentRecon.Matching;

namespace PaymentRecon.Data.Klaerfaelle;

/// <summary>
/// The stored form of a Klärfall's suggestions (<c>recon.klaerfall.suggestions</c>, jsonb): an
/// array, best first, of
/// <c>{"Rank": 1, "Kassenzeichen": "…", "Score": 80, "OpenAmount": 1463.86, "Currency": "EUR", "DebtorName": "…", "Reasons": ["…"]}</c>.
/// The amount is a JSON number written with the decimals it had, so it reads back as the same
/// <see cref="decimal"/>.
/// </summary>
/// <remarks>
/// Written by hand rather than by serializing <see cref="Suggestion"/>: the serializer wrote every
/// property of <see cref="Money"/> (its currency's minor units, IsZero, FitsMinorUnits, ...), 2.2 KB
/// a Klärfall that the server compressed into TOAST, and took 3 s of a million-payment night for
/// 60,000 Klärfälle. Migration 0016 brought earlier rows into this form.
/// </remarks>
public sealed class SuggestionsJson : IDisposable
{
    // Umlauts in names and reasons as they are: the text goes into jsonb, never into HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public SuggestionsJson() => _writer = new Utf8JsonWriter(_buffer, Options);

    public void Dispose() => _writer.Dispose();

    /// <summary>The suggestions in their stored form. One instance reuses its buffer; not thread-safe.</summary>
    public string Write(IReadOnlyList<Suggestion> suggestions) => Encoding.UTF8.GetString(Encode(suggestions));

    /// <summary>The stored form as UTF-8 (what the server receives), in an array of its own: half the size of the string.</summary>
    public byte[] WriteUtf8(IReadOnlyList<Suggestion> suggestions) => Encode(suggestions).ToArray();

    private ReadOnlySpan<byte> Encode(IReadOnlyList<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _writer.WriteStartArray();
        foreach (var suggestion in suggestions)
        {
            _writer.WriteStartObject();
            _writer.WriteNumber("Rank"u8, suggestion.Rank);
            _writer.WriteString("Kassenzeichen"u8, suggestion.Kassenzeichen);
            _writer.WriteNumber("Score"u8, suggestion.Score);
            _writer.WriteNumber("OpenAmount"u8, suggestion.OpenAmount.Amount);
            _writer.WriteString("Currency"u8, suggestion.OpenAmount.Currency.Code);
            _writer.WriteString("DebtorName"u8, suggestion.DebtorName);
            _writer.WriteStartArray("Reasons"u8);
            foreach (var reason in suggestion.Reasons)
            {
                _writer.WriteStringValue(reason);
            }

            _writer.WriteEndArray();
            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>Reads the stored form back; null or empty is no suggestion.</summary>
    public static IReadOnlyList<KlaerfallSuggestion> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var result = new List<KlaerfallSuggestion>();
        foreach (var s in document.RootElement.EnumerateArray())
        {
            result.Add(new KlaerfallSuggestion(
                s.GetProperty("Rank").GetInt32(),
                s.GetProperty("Kassenzeichen").GetString() ?? "",
                s.GetProperty("Score").GetInt32(),
                s.TryGetProperty("OpenAmount", out var open) && open.ValueKind == JsonValueKind.Number ? open.GetDecimal() : 0m,
                s.TryGetProperty("DebtorName", out var name) ? name.GetString() ?? "" : "",
                s.TryGetProperty("Reasons", out var reasons) ? [.. reasons.EnumerateArray().Select(r => r.GetString() ?? "")] : [],
                []));
        }

        return result;
    }
}
