using System.Globalization;
using System.Text.Json;
using Dapper;
using PaymentRecon.Data;
using PaymentRecon.IntegrationTests.Infrastructure;

namespace PaymentRecon.IntegrationTests;

/// <summary>The hand-written binary COPY encoding, read back by PostgreSQL itself.</summary>
public sealed class BinaryCopyRowsTests
{
    private static readonly decimal[] Amounts =
    [
        0m, 0.00m, 1m, 300m, 10.50m, 10.5m, -12.34m, 0.00001m, -0.00001m, 0.5m, 1.000m, 1.2340m, 9999m, 10000m, 10000.0001m,
        123456789.12345m, -1234567.89m, 100000000m, 0.1000m, 12.00100m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m,
        7.9228162514264337593543950335m, 1_000_000_000_000.5m,
    ];

    [Fact]
    public async Task EveryValue_ArrivesExactlyAsWritten()
    {
        await using var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            CREATE TEMP TABLE copied (
                row_no integer, amount numeric, text_value text, code char(3), day date, flag boolean, small smallint, big bigint,
                json jsonb, raw bytea, lines text[], maybe bigint)
            """);

        using var rows = new BinaryCopyRows(16);
        for (var i = 0; i < Amounts.Length; i++)
        {
            rows.StartRow(12);
            rows.Integer(i);
            rows.Numeric(Amounts[i]);
            rows.Text(i % 3 == 0 ? null : "Müller, Straße 5 \u20ac 😀 \t\\ \"x\"");
            rows.Text("EUR");
            rows.Date(i % 2 == 0 ? null : new DateOnly(1999, 12, 31).AddDays(i * 400));
            rows.Boolean(i % 2 == 0);
            rows.Smallint(53);
            rows.Bigint(long.MaxValue - i);
            rows.Jsonb(i % 2 == 0 ? null : """{"amount": 1.50, "text": "ä"}""");
            rows.Bytea(i % 2 == 0 ? [] : [0x02, 0x00, 0xFF]);
            rows.TextArray(i % 3 == 0 ? [] : ["SVWZ+KZ 1008454561158", "", "zweite, \"Zeile\" {x}"]);
            rows.Bigint(i % 2 == 0 ? null : -i);
        }

        rows.Rows.Should().Be(Amounts.Length);
        await rows.CopyIntoAsync(connection, "COPY copied FROM STDIN (FORMAT BINARY)", CancellationToken.None);

        var read = (await connection.QueryAsync<Copied>(
            "SELECT row_no AS RowNo, amount::text AS Amount, text_value AS TextValue, code AS Code, day AS Day, flag AS Flag, small AS Small, big AS Big, json::text AS Json, raw AS Raw, array_to_json(lines)::text AS Lines, maybe AS Maybe FROM copied ORDER BY row_no")).ToList();
        read.Should().HaveCount(Amounts.Length);
        foreach (var row in read)
        {
            var i = row.RowNo;
            row.Amount.Should().Be(Amounts[i].ToString(CultureInfo.InvariantCulture), "row {0}", i);
            row.TextValue.Should().Be(i % 3 == 0 ? null : "Müller, Straße 5 \u20ac 😀 \t\\ \"x\"");
            row.Code.Should().Be("EUR");
            row.Day.Should().Be(i % 2 == 0 ? null : new DateOnly(1999, 12, 31).AddDays(i * 400));
            row.Flag.Should().Be(i % 2 == 0);
            row.Small.Should().Be(53);
            row.Big.Should().Be(long.MaxValue - i);
            row.Json.Should().Be(i % 2 == 0 ? null : """{"text": "ä", "amount": 1.50}""");
            row.Raw.Should().Equal(i % 2 == 0 ? [] : [0x02, 0x00, 0xFF]);
            JsonSerializer.Deserialize<string[]>(row.Lines).Should().Equal(i % 3 == 0 ? [] : ["SVWZ+KZ 1008454561158", "", "zweite, \"Zeile\" {x}"]);
            row.Maybe.Should().Be(i % 2 == 0 ? null : -i);
        }
    }

    [Fact]
    public async Task AZeroWithDecimals_KeepsItsScale_AndNegativeZeroIsZero()
    {
        await using var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE copied (amount numeric)");
        using var rows = new BinaryCopyRows();
        foreach (var amount in new[] { 0.00m, -0.00m, decimal.Negate(0.000m) })
        {
            rows.StartRow(1);
            rows.Numeric(amount);
        }

        var stream = await connection.BeginRawBinaryCopyAsync("COPY copied FROM STDIN (FORMAT BINARY)");
        await using (stream)
        {
            await stream.WriteAsync(BinaryCopyRows.Header);
            await stream.WriteAsync(rows.Written);
            await stream.WriteAsync(BinaryCopyRows.Trailer);
        }

        (await connection.QueryAsync<string>("SELECT amount::text FROM copied")).Should().Equal("0.00", "0.00", "0.000");
    }

    [Fact]
    public async Task ColumnsNullInEveryRow_AreLeftOut_AndTheRestArrivesUnchanged()
    {
        await using var dataSource = Database.CreateDataSource(await TestDatabase.CreateAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE copied (row_no integer, never text, sometimes text, lines text[], nothing jsonb, amount numeric, day date)");
        using var rows = new BinaryCopyRows(16);
        for (var i = 0; i < 5; i++)
        {
            rows.StartRow(7);
            rows.Integer(i);
            rows.Text(null);
            rows.Text(i == 3 ? "nur hier" : null);
            rows.TextArray(["a", "b", "c", "d"]);
            rows.Jsonb(null);
            rows.Numeric(i % 2 == 0 ? 1.50m : null);
            rows.Date(null);
        }

        // The four elements of the array are not columns of their own: column 4 (nothing) stays unvalued.
        rows.ValuedColumns.Should().Be(0b0101101UL);
        rows.KeepColumns(rows.ValuedColumns);
        rows.Rows.Should().Be(5);
        var stream = await connection.BeginRawBinaryCopyAsync("COPY copied (row_no, sometimes, lines, amount) FROM STDIN (FORMAT BINARY)");
        await using (stream)
        {
            await stream.WriteAsync(BinaryCopyRows.Header);
            await stream.WriteAsync(rows.Written);
            await stream.WriteAsync(BinaryCopyRows.Trailer);
        }

        var read = (await connection.QueryAsync<(int RowNo, string? Never, string? Sometimes, string Lines, string? Nothing, string? Amount, DateOnly? Day)>(
            "SELECT row_no, never, sometimes, array_to_string(lines, ','), nothing::text, amount::text, day FROM copied ORDER BY row_no")).ToList();
        read.Select(r => r.RowNo).Should().Equal(0, 1, 2, 3, 4);
        read.Select(r => r.Sometimes).Should().Equal(null, null, null, "nur hier", null);
        read.Select(r => r.Amount).Should().Equal("1.50", null, "1.50", null, "1.50");
        read.Should().OnlyContain(r => r.Lines == "a,b,c,d" && r.Never == null && r.Nothing == null && r.Day == null);

        rows.Clear();
        rows.ValuedColumns.Should().Be(0UL);
    }

    [Fact]
    public void LeavingOutAColumnWithAValue_IsRefused()
    {
        using var rows = new BinaryCopyRows();
        rows.StartRow(2);
        rows.Integer(1);
        rows.Text("x");
        var leaveOut = () => rows.KeepColumns(0b01UL);
        leaveOut.Should().Throw<InvalidOperationException>().WithMessage("*Column 1 of row 0*");
    }

    private sealed record Copied(int RowNo, string Amount, string? TextValue, string Code, DateOnly? Day, bool Flag, short Small, long Big, string? Json, byte[] Raw, string Lines, long? Maybe);
}
