using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaymentRecon.Host.Runs;

/// <summary>The results the steps of a run store (<c>recon.run_step.result</c>) and read back.</summary>
internal static class RunStepResults
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T result) => JsonSerializer.Serialize(result, Json);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException("A step's stored result is empty.");
}
