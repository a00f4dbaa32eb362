using Npgsql;
using NpgsqlTypes;

namespace PaymentRecon.Data;

/// <summary>Null-aware synchronous writes into a binary COPY, shared by every bulk loader.</summary>
internal static class BinaryImporterExtensions
{
    public static void WriteNullable(this NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type = NpgsqlDbType.Text)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }

    public static void WriteNullable<T>(this NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } present)
        {
            writer.Write(present, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
