using System.Text;
using PaymentRecon.Receivables;

namespace PaymentRecon.Core.Tests.Receivables;

public sealed class ReceivableCsvReaderTests
{
    private const string Header = "Verfahren;AnordnungsNr;Kassenzeichen;Betrag;Faellig;Schuldner;IBAN;Haushaltsstelle;Text\n";

    [Fact]
    public void Read_yields_every_row_of_the_standard_file_with_values_as_written()
    {
        var (rows, problems) = ReceivableFixtures.Read("01-standard.csv");

        problems.Should().BeEmpty();
        rows.Should().HaveCount(5);
        var first = rows[0];
        first.LineNumber.Should().Be(2);
        first.Receivable.Should().BeEquivalentTo(new
        {
            Verfahren = "PROSOZ-BAU",
            AnordnungsNr = "BAU-2026-0001",
            Betrag = Money.Eur(250.00m),
            Faellig = new DateOnly(2026, 1, 15),
            Schuldner = "Erika Mustermann",
            Haushaltsstelle = "1.6110.431000",
            Text = "Baugenehmigung Carport",
        });
        first.Receivable.Kassenzeichen.Value.Should().Be("1008454561158");
        first.Receivable.Iban!.Value.Should().Be("DE89370400440532013000");
        rows[1].Receivable.Betrag.Amount.Should().Be(1234.56m);
        rows[1].Receivable.Iban.Should().BeNull();
        rows[2].Receivable.Schuldner.Should().Be("Jörg Bürger");
        rows[2].Receivable.Iban!.Value.Should().Be("DE02120300000000202051", "spaces in an IBAN are removed");
        rows[4].Receivable.Schuldner.Should().Be("Müller & Söhne; GmbH", "a quoted field may contain the delimiter");
        rows[4].Receivable.Text.Should().Be("Gewerbeanmeldung, \"Eilt\"");
        rows[4].Receivable.Betrag.Amount.Should().Be(12.50m);
    }

    [Fact]
    public void Read_skips_a_utf8_bom_and_reads_crlf_lines()
    {
        var (rows, problems) = ReceivableFixtures.Read("02-standard-bom.csv");

        problems.Should().BeEmpty();
        rows.Select(r => r.Receivable.Schuldner).Should().Equal("Anna Schäfer", "Zoë Weiß");
        rows[1].Receivable.Text.Should().BeNull("an empty optional field is absent");
        rows.Select(r => r.LineNumber).Should().Equal(2, 3);
    }

    [Fact]
    public void Read_accepts_thousands_separators_between_groups_of_three()
    {
        var (rows, problems) = ReceivableFixtures.Read("03-thousands-separators.csv");

        problems.Should().BeEmpty();
        rows.Select(r => r.Receivable.Betrag.Amount).Should().Equal(1234.56m, 12345678.90m, 999.99m);
    }

    [Fact]
    public void Read_accepts_iso_dates_in_soll_standard()
    {
        var (rows, problems) = ReceivableFixtures.Read("04-iso-dates.csv");

        problems.Should().BeEmpty();
        rows.Select(r => r.Receivable.Faellig).Should().Equal(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 1));
    }

    [Fact]
    public void Read_returns_a_negative_amount_as_Absetzung()
    {
        var (rows, problems) = ReceivableFixtures.Read("05-absetzung.csv");

        problems.Should().BeEmpty();
        rows.Single().Receivable.IsAbsetzung.Should().BeTrue();
        rows.Single().Receivable.Betrag.Should().Be(Money.Eur(-30m));
    }

    [Fact]
    public void Read_with_soll_iso_takes_commas_points_and_iso_dates()
    {
        var (rows, problems) = ReceivableFixtures.Read("soll-iso/iso-export.csv", ReceivableProfile.Iso);

        problems.Should().BeEmpty();
        rows.Select(r => r.Receivable.Betrag.Amount).Should().Equal(1234.56m, -10.00m, 75.50m);
        rows[1].Receivable.Text.Should().Be("Gutschrift, Korrektur");
        rows[2].Receivable.Iban!.CountryCode.Should().Be("AT");
    }

    [Fact]
    public void Read_decodes_windows_1252_with_the_profiles_column_names_and_kassenzeichen_format()
    {
        var (rows, problems) = ReceivableFixtures.Read("prosoz-ansi/bau-gebuehren.csv", ReceivableFixtures.ProsozAnsi);

        problems.Should().BeEmpty();
        rows.Select(r => r.Receivable.Schuldner).Should().Equal("Günther Größe", "Bäckerei Köhler", "Renée Maßmann");
        rows[0].Receivable.Text.Should().Be("Gebühr Baugenehmigung Straße");
        rows[0].Receivable.Kassenzeichen.Value.Should().Be("2026000014");
        rows[1].Receivable.Betrag.Amount.Should().Be(1050.00m);
    }

    [Fact]
    public void Read_decodes_iso_8859_15_with_the_euro_sign()
    {
        var (rows, problems) = ReceivableFixtures.Read("AVVISO_20261127.csv", ReceivableFixtures.AvvisoLatin9);

        problems.Should().BeEmpty();
        rows.Single().Receivable.Text.Should().Be("Säumniszuschlag 25 €");
        rows.Single().Receivable.Schuldner.Should().Be("Jürgen Öztürk");
    }

    [Fact]
    public void Read_reports_a_bad_check_digit_in_line_7_and_only_there()
    {
        var (rows, problems) = ReceivableFixtures.Read("bad-check-digit-line-7.csv");

        problems.Should().ContainSingle();
        problems[0].Location.Should().Be("line 7, column Kassenzeichen");
        problems[0].Value.Should().Be("8000000000060");
        problems[0].Message.Should().Contain("Prüfziffer");
        rows.Should().HaveCount(6);
    }

    [Fact]
    public void Read_reports_three_decimals()
    {
        var (_, problems) = ReceivableFixtures.Read("bad-three-decimals.csv");

        problems.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Location = "line 2, column Betrag",
            Value = "10,005",
            Message = "Betrag hat mehr als zwei Nachkommastellen.",
        });
    }

    [Fact]
    public void Read_reports_every_invalid_date()
    {
        var (_, problems) = ReceivableFixtures.Read("bad-invalid-date.csv");

        problems.Select(p => (p.Location, p.Value)).Should().Equal(("line 2, column Faellig", "31.02.2026"), ("line 3, column Faellig", "2026/04/01"));
        problems[0].Message.Should().Contain("TT.MM.JJJJ");
    }

    [Fact]
    public void Read_reports_every_missing_required_field()
    {
        var (rows, problems) = ReceivableFixtures.Read("bad-missing-required.csv");

        rows.Should().BeEmpty();
        problems.Select(p => p.Location).Should().Equal(
            "line 2, column Schuldner",
            "line 3, column AnordnungsNr",
            "line 3, column Haushaltsstelle");
    }

    [Fact]
    public void Read_reports_an_invalid_iban()
    {
        var (_, problems) = ReceivableFixtures.Read("bad-invalid-iban.csv");

        problems.Should().ContainSingle().Which.Location.Should().Be("line 2, column IBAN");
        problems[0].Message.Should().Contain("mod 97");
    }

    [Fact]
    public void Read_reports_a_windows_1252_file_read_as_utf8_instead_of_garbling_it()
    {
        var (rows, problems) = ReceivableFixtures.Read("bad-windows-1252-without-profile.csv");

        rows.Should().BeEmpty();
        problems.Should().ContainSingle().Which.Message.Should().Contain("Kodierung 'utf-8'").And.Contain("0xFC");
    }

    [Fact]
    public void Read_reports_a_missing_required_column_with_a_hint_on_the_delimiter()
    {
        var (rows, problems) = ReceivableFixtures.ReadText("Verfahren,AnordnungsNr,Kassenzeichen\nA,1,1008454561158\n");

        rows.Should().BeEmpty();
        problems.Should().OnlyContain(p => p.Location == "line 1");
        problems[0].Message.Should().Contain("Pflichtspalte 'Verfahren'").And.Contain("Trennzeichen");
    }

    [Fact]
    public void Read_matches_header_names_ignoring_case_and_order_and_ignores_other_columns()
    {
        var (rows, problems) = ReceivableFixtures.ReadText(
            "haushaltsstelle;Extra;BETRAG;Verfahren;AnordnungsNr;Kassenzeichen;Faellig;Schuldner\n1.2;x;5;V;A1;1008454561158;01.01.2026;S\n");

        problems.Should().BeEmpty();
        rows.Single().Receivable.Should().BeEquivalentTo(new { Haushaltsstelle = "1.2", Betrag = Money.Eur(5.00m), Verfahren = "V", Iban = (Iban?)null, Text = (string?)null });
    }

    [Fact]
    public void Read_reports_a_row_with_a_different_number_of_fields()
    {
        var (rows, problems) = ReceivableFixtures.ReadText(Header + "V;A1;1008454561158;5;01.01.2026;S;;1.2\n");

        rows.Should().BeEmpty();
        problems.Should().ContainSingle().Which.Message.Should().Contain("8 Felder, die Kopfzeile 9");
    }

    [Fact]
    public void Read_reports_an_empty_file()
    {
        var (_, problems) = ReceivableFixtures.ReadText("");

        problems.Should().ContainSingle().Which.Message.Should().Contain("leer");
    }

    [Fact]
    public void Read_accepts_a_file_with_only_the_header()
    {
        var (rows, problems) = ReceivableFixtures.ReadText(Header);

        rows.Should().BeEmpty();
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Read_lists_at_most_MaxListedProblems_and_counts_the_rest()
    {
        var text = new StringBuilder(Header);
        for (var i = 0; i < ReceivableCsvReader.MaxListedProblems + 5; i++)
        {
            text.Append("V;A").Append(i).Append(";1008454561157;5;01.01.2026;S;;1.2;\n");
        }

        var (_, problems) = ReceivableFixtures.ReadText(text.ToString());

        problems.Should().HaveCount(ReceivableCsvReader.MaxListedProblems + 1);
        problems[^1].Message.Should().Contain("5 weitere Probleme");
    }

    [Fact]
    public void Read_reports_the_line_where_a_multi_line_record_starts()
    {
        var (rows, problems) = ReceivableFixtures.ReadText(Header + "V;A1;1008454561158;5;01.01.2026;S;;1.2;\"zwei\nZeilen\"\nV;A2;1008454561157;5;01.01.2026;S;;1.2;\n");

        rows.Single().Receivable.Text.Should().Be("zwei\nZeilen");
        problems.Single().Location.Should().Be("line 4, column Kassenzeichen");
    }
}
