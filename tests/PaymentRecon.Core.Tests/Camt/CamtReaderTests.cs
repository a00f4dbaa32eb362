using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class CamtReaderTests
{
    [Fact]
    public void Reads_a_camt_053_001_02_statement_with_text_status_Dbtr_Nm_and_BIC()
    {
        var message = Fixtures.Read("053_02_single_credits.xml");

        message.Header.Should().Be(new CamtMessageHeader(CamtMessageType.Camt053, "001.02", "MSG-053-02-0001",
            new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.FromHours(1)), null, null));
        var statement = message.Statement;
        statement.Header.Id.Should().Be("2026-11-27-0001");
        statement.Header.XmlPath.Should().Be("/Document/BkToCstmrStmt/Stmt[1]");
        statement.Header.ElectronicSequenceNumber.Should().Be(214);
        statement.Header.LegalSequenceNumber.Should().Be(214);
        statement.Header.AccountIban.Should().Be("DE89370400440532013000");
        statement.Header.AccountCurrency.Should().Be(Currency.EUR);
        statement.Header.AccountOwnerName.Should().Be("Landkreis Musterland Kreiskasse");
        statement.Header.ServicerBic.Should().Be("COBADEFFXXX");
        statement.Header.FromDateTime.Should().Be(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(1)));
        statement.Header.TransactionsSummary.Should().Be(new TransactionsSummary(3, 430.55m, 3, 430.55m, 0, 0m));
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        statement.Check.SummaryProblems.Should().BeEmpty();

        statement.Entries.Should().HaveCount(3);
        var first = statement.Entries[0];
        first.Index.Should().Be(0);
        first.XmlPath.Should().Be("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]");
        first.Amount.Should().Be(Money.Eur(120.50m));
        first.Status.Should().Be(EntryStatus.Booked);
        first.StatusCode.Should().Be("BOOK");
        first.BankTransactionCode.Should().Be(new BankTransactionCode("PMNT", "RCDT", "ESCT", "NTRF+166+00931", "DK"));
        var transaction = first.Transactions.Should().ContainSingle().Subject;
        transaction.DebtorName.Should().Be("Jürgen Müller-Weiß");
        transaction.DebtorIban.Should().Be("DE84760260000001234567");
        transaction.DebtorAgentBic.Should().Be("GENODEF1S04");
        transaction.References.EndToEndId.Should().BeNull("NOTPROVIDED reads as null");
        transaction.TransactionAmount.Should().Be(Money.Eur(120.50m));
        transaction.Amount.Should().Be(Money.Eur(120.50m), "in .02 the amount of a transaction comes from AmtDtls/TxAmt");
        transaction.RemittanceLines.Should().Equal("Grundsteuer 2026 Kassenzeichen 1008454561158");

        var second = statement.Entries[1];
        second.Amount.Amount.Should().Be(300m);
        second.Amount.Scale.Should().Be(0, "amounts stay exactly as written");
        second.BookingDate.Should().Be(new DateOnly(2026, 11, 27), "BookgDt/DtTm gives the date as written");
        second.AccountServicerReference.Should().BeNull("NONREF reads as null");
        second.Transactions[0].References.TransactionId.Should().Be("TX-4711");

        var third = statement.Entries[2];
        third.ValueDate.Should().Be(new DateOnly(2026, 11, 28));
        third.Transactions[0].Amount.Should().Be(Money.Eur(10.05m), "a single transaction without an amount takes the entry's");
    }

    [Fact]
    public void Reads_a_camt_053_001_08_statement_with_Sts_Cd_Pty_Nm_BICFI_TxDtls_Amt_and_UETR()
    {
        var message = Fixtures.Read("053_08_single_credits.xml");

        message.Header.Version.Should().Be("001.08");
        var statement = message.Statement;
        statement.Header.PageNumber.Should().Be(1);
        statement.Header.LastPage.Should().BeTrue();
        statement.Header.CreatedAt.Should().Be(new DateTimeOffset(2026, 11, 27, 5, 30, 0, TimeSpan.Zero));
        statement.Header.Balances.Select(b => b.TypeCode).Should().Equal("PRCD", "CLBD", "CLAV");
        statement.Header.Balances[0].Date.Should().Be(new DateOnly(2026, 11, 26));
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok, "PRCD of the previous day serves as the opening balance");
        statement.Check.Opening.Should().Be(5000.00m);

        var first = statement.Entries[0];
        first.StatusCode.Should().Be("BOOK");
        var transaction = first.Transactions[0];
        transaction.DebtorName.Should().Be("Anna Schröder");
        transaction.DebtorAgentBic.Should().Be("BYLADEM1001");
        transaction.Amount.Should().Be(Money.Eur(200.00m));
        transaction.CreditDebit.Should().Be(CreditDebit.Credit);
        transaction.References.Uetr.Should().Be("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
        transaction.References.EndToEndId.Should().Be("RECHNUNG-2026-17");
        transaction.Remittance.Tag("SVWZ").Should().Be("Abwassergebuehr KZ 3005 1234 5678 9");
        transaction.References.ProprietaryType.Should().Be("BANKREF");
        transaction.References.ProprietaryReference.Should().Be("PRTRY-4711");
        transaction.InstructedAmount.Should().Be(Money.Eur(200.00m));
        transaction.CounterValueAmount.Should().Be(Money.Eur(200.00m));
        transaction.AnnouncedPostingAmount.Should().Be(Money.Eur(200.00m));
        transaction.InitiatingPartyName.Should().Be("Anna Schröder");
        transaction.UltimateDebtorName.Should().Be("Bernd Schröder");

        statement.Entries[1].Transactions[0].RemittanceLines.Should().Equal("Muellgebuehren Kassenzeichen 400987", "6543213 Weiss");
        var rf = statement.Entries[2].Transactions[0];
        rf.CreditorReference.Should().Be("RF451234512345");
        rf.CreditorReferenceType.Should().Be("SCOR");
        rf.RemittanceLines.Should().BeEmpty();
    }

    [Fact]
    public void Reads_a_camt_053_001_04_page_with_StmtPgntn_and_MsgPgntn()
    {
        var first = Fixtures.Read("053_04_paginated.xml");
        first.Header.PageNumber.Should().Be(1);
        first.Header.LastPage.Should().BeFalse();
        first.Statement.Header.PageNumber.Should().Be(1);
        first.Statement.Header.LastPage.Should().BeFalse();
        first.Statement.Check.Outcome.Should().Be(BalanceCheckOutcome.NotPossible);
        first.Statement.Entries[0].Transactions[0].Amount.Should().Be(Money.Eur(25.00m));

        var second = Fixtures.Read("053_04_paginated_page2.xml");
        second.Statement.Header.Id.Should().Be(first.Statement.Header.Id);
        second.Statement.Header.LastPage.Should().BeTrue();
    }

    [Fact]
    public void Reads_camt_052_and_camt_054_in_versions_02_and_08()
    {
        var report = Fixtures.Read("052_02_report.xml");
        report.Header.Type.Should().Be(CamtMessageType.Camt052);
        report.Statement.Header.XmlPath.Should().Be("/Document/BkToCstmrAcctRpt/Rpt[1]");
        report.Statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        report.Statement.Header.CreatedAt.Should().Be(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.FromHours(1)),
            "a date-time without offset is German local time (winter: +01:00)");

        var intraday = Fixtures.Read("052_08_intraday_itbd_only.xml");
        intraday.Statement.Header.Balances.Should().ContainSingle().Which.TypeCode.Should().Be("ITBD");
        intraday.Statement.Check.Outcome.Should().Be(BalanceCheckOutcome.NotPossible);
        intraday.Statement.Entries.Select(e => e.Status).Should().Equal(EntryStatus.Pending, EntryStatus.Information);
        intraday.Statement.Totals.BookedCreditCount.Should().Be(0);

        var notification = Fixtures.Read("054_02_notification.xml");
        notification.Header.Type.Should().Be(CamtMessageType.Camt054);
        notification.Statement.Header.Balances.Should().BeEmpty();
        notification.Statement.Check.Outcome.Should().Be(BalanceCheckOutcome.NotPossible);
        notification.Statement.Entries[0].BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.Ok);

        var details = Fixtures.Read("054_08_details_for_batch.xml");
        details.Statement.Header.XmlPath.Should().Be("/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]");
        details.Header.MessageId.Should().Be("MSG-054-08-0001");
        details.Statement.Entries[0].Transactions.Select(t => t.Amount!.Value.Amount).Should().Equal(125.00m, 125.00m);
    }

    [Theory]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("09")]
    [InlineData("13")]
    public void Detects_every_version_from_02_to_13_from_the_namespace(string version)
    {
        var xml = Fixtures.Text("053_08_balance_mismatch.xml").Replace("camt.053.001.08", $"camt.053.001.{version}", StringComparison.Ordinal);
        Fixtures.ReadText(xml).Header.Version.Should().Be($"001.{version}");
    }

    [Theory]
    [InlineData("camt.053.001.01")]
    [InlineData("camt.053.001.14")]
    [InlineData("camt.055.001.08")]
    public void Rejects_an_unknown_namespace_or_version(string name)
    {
        var xml = Fixtures.Text("053_08_balance_mismatch.xml").Replace("camt.053.001.08", name, StringComparison.Ordinal);
        var read = () => Fixtures.ReadText(xml);
        read.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("Unknown namespace");
    }

    [Fact]
    public void Reads_a_return_with_InstdAmt_charges_of_the_02_shape_and_the_reason()
    {
        var entry = Fixtures.Read("053_02_return_md06_with_charges.xml").Statement.Entries.Single();

        entry.Amount.Should().Be(Money.Eur(-53.00m));
        entry.BankTransactionCode.Should().Be(BankTransactionCode.Empty, "<BkTxCd/> is legal");
        entry.Gvc.Should().Be("109", "DK puts the GVC on transaction level");
        entry.AdditionalEntryInformation.Should().Be("LS RUECKBELASTUNG");
        var transaction = entry.Transactions.Single();
        transaction.InstructedAmount.Should().Be(Money.Eur(50.00m));
        transaction.Charges.Should().Equal(new Charge(Money.Eur(-3.00m), null, "COMM", "DEBT"));
        transaction.Return.Should().Be(new ReturnInformation("MD06", null, "Erstattung auf Verlangen des Zahlers", "Sparkasse Musterstadt", null));
        transaction.References.MandateId.Should().Be("MANDAT-0042");
        transaction.CreditorId.Should().Be("DE98ZZZ09999999999");
        transaction.CreditorName.Should().Be("Landkreis Musterland");
    }

    [Fact]
    public void Reads_charges_of_the_08_shape_on_entry_and_transaction_level()
    {
        var entry = Fixtures.Read("053_08_return_ms03_charges_record.xml").Statement.Entries.Single();

        entry.Charges.Should().Equal(new Charge(Money.Eur(-3.50m), true, "COMM", "DEBT"));
        entry.Transactions[0].Charges.Should().Equal(new Charge(Money.Eur(-3.50m), true, "COMM", "DEBT"));
        entry.Transactions[0].Return!.Reason.Should().Be("MS03");
        entry.Transactions[0].CreditorId.Should().Be("DE98ZZZ09999999999", ".08 puts the creditor id under Cdtr/Pty/Id");
    }

    [Fact]
    public void A_reversal_keeps_its_own_direction_in_the_balance()
    {
        var statement = Fixtures.Read("053_08_reversal.xml").Statement;
        var entry = statement.Entries.Single();
        entry.Reversal.Should().BeTrue();
        entry.Amount.Should().Be(Money.Eur(-120.50m));
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
    }

    [Fact]
    public void A_batch_with_details_is_checked_and_a_wrong_batch_is_reported_as_data()
    {
        var statement = Fixtures.Read("053_08_batch_with_txdtls.xml").Statement;

        var good = statement.Entries[0];
        good.IsBatch.Should().BeTrue();
        good.Batches.Should().Equal(new BatchInformation(null, "PMTINF-2026-11-A", 3, Money.Eur(150.00m)));
        good.Transactions.Should().HaveCount(3);
        good.Transactions.Select(t => t.Index).Should().Equal(0, 1, 2);
        good.Transactions[1].References.MandateId.Should().Be("MANDAT-0002");
        good.BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.Ok);

        var wrong = statement.Entries[1].BatchCheck!;
        wrong.Outcome.Should().Be(BatchCheckOutcome.Mismatch);
        wrong.StatedCount.Should().Be(3);
        wrong.TransactionCount.Should().Be(2);
        wrong.TransactionSum.Should().Be(90.00m);
        wrong.Problems.Should().HaveCount(2);
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok, "a batch problem does not reject the statement");
    }

    [Fact]
    public void A_batch_resolved_in_a_camt_054_points_to_it()
    {
        var entries = Fixtures.Read("053_08_batch_via_camt054.xml").Statement.Entries;

        entries.Select(e => e.AdditionalInfoMessageId).Should().Equal("MSG-054-08-0001", "MSG-054-08-0002");
        entries[0].AdditionalInfoMessageNameId.Should().Be("camt.054.001.08");
        entries[0].Transactions.Should().BeEmpty();
        entries[0].BatchCheck!.Outcome.Should().Be(BatchCheckOutcome.NotPossible);
        entries[0].BatchCheck!.Problems.Should().ContainSingle().Which.Should().Contain("MSG-054-08-0001");
    }

    [Fact]
    public void A_redelivered_statement_says_so()
    {
        var statement = Fixtures.Read("053_02_dupl.xml").Statement;
        statement.Header.CopyDuplicate.Should().Be(CopyDuplicate.Duplicate);
        statement.Header.Id.Should().Be(Fixtures.Read("053_02_single_credits.xml").Statement.Header.Id);
    }

    [Fact]
    public void Two_statements_in_one_message_are_both_read()
    {
        var message = Fixtures.Read("053_02_two_statements.xml");
        message.Statements.Select(s => s.Header.AccountIban).Should().Equal("DE89370400440532013000", "DE02120300000000202051");
        message.Statements.Select(s => s.Header.Index).Should().Equal(0, 1);
        message.Statements[1].Entries[0].XmlPath.Should().Be("/Document/BkToCstmrStmt/Stmt[2]/Ntry[1]");
        message.Statements.Should().OnlyContain(s => s.Check.Outcome == BalanceCheckOutcome.Ok);
    }

    [Fact]
    public void Amounts_keep_their_decimals_and_foreign_currencies_are_read()
    {
        var statement = Fixtures.Read("053_08_amount_decimals_and_currency.xml").Statement;
        statement.Entries.Select(e => e.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal("1000", "200.5", "34.06000", "99.99");
        statement.Entries[3].Amount.Currency.Code.Should().Be("CHF");
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
    }

    [Fact]
    public void Bank_transaction_codes_in_every_observed_form()
    {
        var entries = Fixtures.Read("053_08_gvc_variants.xml").Statement.Entries;
        entries[0].BankTransactionCode.Should().Be(BankTransactionCode.Empty);
        entries[0].Gvc.Should().Be("166");
        entries.Skip(1).Select(e => e.Gvc).Should().Equal("105", "166", "051", "052", "999");
        entries[2].BankTransactionCode.ProprietaryIssuer.Should().Be("ZKA");
        entries[1].BankTransactionCode.Domain.Should().BeNull();
    }

    [Fact]
    public void Pending_and_information_entries_stay_out_of_the_balance_and_the_summary_is_cross_checked()
    {
        var statement = Fixtures.Read("053_08_pending_info_and_fees.xml").Statement;
        statement.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        statement.Check.Opening.Should().Be(-250.00m);
        statement.Check.SummaryProblems.Should().BeEmpty();
        statement.AdditionalInformation.Should().Be("Kontoabschluss folgt");

        var disagreeing = Fixtures.Read("053_08_summary_disagrees.xml").Statement;
        disagreeing.Check.Outcome.Should().Be(BalanceCheckOutcome.Ok);
        disagreeing.Check.SummaryProblems.Should().HaveCount(3);
    }

    [Fact]
    public void A_one_cent_difference_fails_the_balance_check()
    {
        var check = Fixtures.Read("053_08_balance_mismatch.xml").Statement.Check;
        check.Outcome.Should().Be(BalanceCheckOutcome.Mismatch);
        check.Difference.Should().Be(-0.01m);
        check.Explanation.Should().Contain("1100.01");
    }

    [Fact]
    public void Without_an_opening_balance_the_check_is_not_possible()
    {
        var check = Fixtures.Read("053_08_no_opening_balance.xml").Statement.Check;
        check.Outcome.Should().Be(BalanceCheckOutcome.NotPossible);
        check.Explanation.Should().Contain("no opening balance");
    }

    [Theory]
    [InlineData("truncated.xml", "not well-formed")]
    [InlineData("wrong_namespace.xml", "Unknown namespace")]
    [InlineData("pain_namespace.xml", "Unknown namespace")]
    [InlineData("wrong_root.xml", "BkToCstmrStmt")]
    [InlineData("billion_laughs.xml", "DTD")]
    [InlineData("external_entity.xml", "DTD")]
    [InlineData("eur_three_decimals.xml", "never rounded")]
    [InlineData("too_many_decimals.xml", "at most 5")]
    [InlineData("negative_amount.xml", "unsigned")]
    [InlineData("text_too_long.xml", "Max140Text")]
    [InlineData("invalid_currency.xml", "ISO 4217")]
    [InlineData("missing_amount.xml", "no Amt")]
    [InlineData("unknown_status.xml", "Unknown entry status")]
    [InlineData("bad_date.xml", "Not a date")]
    public void Rejects_a_bad_file_with_a_clear_message(string name, string expected)
    {
        var read = () => Fixtures.Read(Path.Combine("invalid", name));
        var exception = read.Should().Throw<CamtFormatException>().Which;
        exception.Problem.Message.Should().Contain(expected);
        exception.Problem.Location.Should().MatchRegex(@"\(line [1-9]\d*\)$");
        exception.SourceName.Should().Be(Path.Combine("invalid", name));
    }

    [Fact]
    public void A_problem_names_the_XML_path_and_line()
    {
        var read = () => Fixtures.Read(Path.Combine("invalid", "eur_three_decimals.xml"));
        var problem = read.Should().Throw<CamtFormatException>().Which.Problem;
        problem.Location.Should().Be("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt (line 53)");
        problem.Value.Should().Be("100.005");
    }

    [Fact]
    public void Header_problems_throw_at_Read_and_later_ones_during_enumeration()
    {
        using var header = new MemoryStream(File.ReadAllBytes(Fixtures.PathOf(Path.Combine("invalid", "wrong_namespace.xml"))));
        var readHeader = () => CamtReader.Read(header, "x.xml");
        readHeader.Should().Throw<CamtFormatException>();

        using var later = new MemoryStream(File.ReadAllBytes(Fixtures.PathOf(Path.Combine("invalid", "eur_three_decimals.xml"))));
        var message = CamtReader.Read(later, "y.xml");
        message.Header.MessageId.Should().Be("MSG-053-08-0006");
        var enumerate = () => message.Statements.SelectMany(s => s.Entries).ToList();
        enumerate.Should().Throw<CamtFormatException>();
    }

    [Fact]
    public void Entries_are_single_pass_and_skipped_entries_are_still_checked()
    {
        using var stream = File.OpenRead(Fixtures.PathOf("053_02_two_statements.xml"));
        var message = CamtReader.Read(stream, "two.xml");
        var ids = new List<string>();
        foreach (var statement in message.Statements)
        {
            ids.Add(statement.Header.Id);
        }

        ids.Should().Equal("2026-11-27-A", "2026-11-27-B");
        var again = () => message.Statements.ToList();
        again.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_text_longer_than_the_configured_limit_is_rejected()
    {
        var xml = Fixtures.Text("053_08_balance_mismatch.xml").Replace("<Ustrd>Zahlung</Ustrd>", "<Ustrd>" + new string('x', 5000) + "</Ustrd>", StringComparison.Ordinal);
        var read = () => Fixtures.ReadText(xml, options: new CamtReaderOptions { MaxTextLength = 1000 });
        read.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("Camt:MaxTextLength");
    }

    [Fact]
    public void A_file_larger_than_the_configured_limit_is_rejected()
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf("053_08_kassenzeichen_variants.xml"));
        using var seekable = new MemoryStream(bytes);
        var read = () => CamtReader.Read(seekable, "big.xml", new CamtReaderOptions { MaxFileBytes = 4096 });
        read.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("Camt:MaxFileBytes");

        using var unseekable = new UnseekableStream(bytes);
        var stream = () => ReadMessage.From(CamtReader.Read(unseekable, "big.xml", new CamtReaderOptions { MaxFileBytes = 4096 }));
        stream.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("Camt:MaxFileBytes");
    }

    [Fact]
    public void XSD_validation_rejects_what_the_schema_forbids()
    {
        var xml = Fixtures.Text("053_08_balance_mismatch.xml").Replace("<LglSeqNb>", "<Unexpected>1</Unexpected><LglSeqNb>", StringComparison.Ordinal);
        Fixtures.ReadText(xml).Statement.Header.Id.Should().NotBeEmpty("the reader skips what it does not know");
        var validated = () => Fixtures.ReadText(xml, options: new CamtReaderOptions { ValidateAgainstXsd = true });
        validated.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("XSD");
    }
}
