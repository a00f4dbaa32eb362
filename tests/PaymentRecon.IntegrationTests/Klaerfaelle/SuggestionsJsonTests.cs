using Dapper;
using PaymentRecon.Data;
using PaymentRecon.Data.Klaerfaelle;
using PaymentRecon.Matching;

namespace PaymentRecon.IntegrationTests.Klaerfaelle;

/// <summary>The stored form of a Klärfall's suggestions, and migration 0016 that brought older rows into it.</summary>
public sealed class SuggestionsJsonTests
{
    [Fact]
    public void Reads_back_what_it_wrote_with_the_amounts_decimals_and_the_umlauts()
    {
        using var json = new SuggestionsJson();
        Suggestion[] suggestions =
        [
            new(1, "5300000011084", 80, Money.Eur(66.00m), "Hans-Peter Müller", ["Kassenzeichen weicht um eine Stelle ab (Tippfehler)", "Betrag 66,00 EUR entspricht dem offenen Betrag"]),
            new(2, "5300000011092", 55, Money.Eur(10.5m), "Jürgen Weiß", []),
        ];

        var text = json.Write(suggestions);
        json.Write([]).Should().Be("[]", "the buffer is reused, not appended to");
        json.WriteUtf8(suggestions).Should().Equal(System.Text.Encoding.UTF8.GetBytes(text), "the night's Klärfälle keep this form until they are stored");

        text.Should().Contain("\"OpenAmount\":66.00,\"Currency\":\"EUR\"").And.Contain("Müller").And.NotContain("IsZero");
        var read = SuggestionsJson.Parse(text);
        read.Select(s => (s.Rank, s.Kassenzeichen, s.Score, s.OpenAmountWhenSuggested, s.DebtorName)).Should().Equal(
            (1, "5300000011084", 80, 66.00m, "Hans-Peter Müller"),
            (2, "5300000011092", 55, 10.5m, "Jürgen Weiß"));
        read[0].OpenAmountWhenSuggested.Scale.Should().Be(2);
        read[0].Reasons.Should().Equal(suggestions[0].Reasons);
        read[1].Reasons.Should().BeEmpty();
        SuggestionsJson.Parse(null).Should().BeEmpty();
    }

    [Fact]
    public async Task The_matching_stores_the_compact_form_and_migration_0016_converts_the_old_one()
    {
        await using var bed = await KlaerfallTestBed.CreateAsync();
        var stored = await bed.QueryAsync<string>("SELECT suggestions::text FROM recon.klaerfall WHERE json_array_length(suggestions) > 0 ORDER BY id");
        stored.Should().NotBeEmpty();
        stored.Should().OnlyContain(s => !s.Contains("IsZero") && !s.Contains("MinorUnits"));
        var before = (await bed.Queries.ListAsync(new KlaerfallFilter { PageSize = 500 }, CancellationToken.None)).Rows
            .ToDictionary(r => r.Id, r => r.Suggestions);

        // The form written before 0016: the whole Money value under OpenAmount.
        await using (var connection = await bed.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE recon.klaerfall k
                SET suggestions = (
                    SELECT jsonb_agg((s - 'OpenAmount' - 'Currency') || jsonb_build_object('OpenAmount', jsonb_build_object(
                               'Scale', scale((s ->> 'OpenAmount')::numeric), 'Amount', s -> 'OpenAmount', 'IsZero', (s ->> 'OpenAmount')::numeric = 0,
                               'Currency', jsonb_build_object('Code', s -> 'Currency', 'IsDefault', false, 'MinorUnits', 2),
                               'IsNegative', false, 'FitsMinorUnits', true)) ORDER BY n)
                    FROM jsonb_array_elements(k.suggestions::jsonb) WITH ORDINALITY AS x (s, n))
                WHERE json_array_length(suggestions) > 0
                """);
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE suggestions::text LIKE '%MinorUnits%'"))
                .Should().Be(stored.Count);

            var migration = MigrationRunner.Available.Single(m => m.Version == 16);
            await connection.ExecuteAsync(migration.Sql);
            await connection.ExecuteAsync(migration.Sql);
        }

        (await bed.ScalarAsync<long>("SELECT count(*) FROM recon.klaerfall WHERE suggestions::text LIKE '%MinorUnits%'")).Should().Be(0);
        var after = (await bed.Queries.ListAsync(new KlaerfallFilter { PageSize = 500 }, CancellationToken.None)).Rows;
        after.Should().HaveCount(before.Count);
        foreach (var row in after)
        {
            row.Suggestions.Should().BeEquivalentTo(before[row.Id], options => options.WithStrictOrdering());
        }
    }
}
