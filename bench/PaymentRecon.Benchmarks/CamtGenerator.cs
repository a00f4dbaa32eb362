using System.Globalization;
using System.Text;

namespace PaymentRecon.Benchmarks;

/// <summary>
/// Writes a synthetic camt.053.001.08 statement of any size, for benchmarks: one account, one
/// statement, N entries with a TxDtls each (names with umlauts, valid IBANs and Kassenzeichen,
/// realistic remittance texts, every 10th a debit, every 7th with two Ustrd lines), balances that
/// add up. Deterministic for a given seed, so figures are comparable between runs.
/// </summary>
public static class CamtGenerator
{
    private static readonly string[] FirstNames = ["Jürgen", "Anna", "Peter", "Zoë", "Karl", "Grete", "Hans", "Lisa", "Ömer", "Fritz", "Erika", "Max"];
    private static readonly string[] LastNames = ["Müller", "Schröder", "Weiß", "Groß", "Öztürk", "Meier", "Schulz", "Krämer", "Fuchs", "Bäcker", "Lang", "Klein"];
    private static readonly string[] Purposes = ["Grundsteuer 2026", "Gewerbesteuer Vorauszahlung", "Hundesteuer", "Abwassergebühr Q4", "Müllgebühren", "Kita-Beitrag November"];

    /// <summary>
    /// The file for <paramref name="entryCount"/> entries in <paramref name="folder"/>, written on first
    /// use and reused afterwards (a half-written file from an interrupted run is replaced).
    /// </summary>
    public static string EnsureFile(string folder, int entryCount, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"camt053_08_{entryCount}_entries_seed{seed}.xml"));
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".partial";
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Write(stream, entryCount, seed);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Writes the statement to <paramref name="stream"/> (UTF-8, no BOM).</summary>
    public static void Write(Stream stream, int entryCount, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(entryCount);

        // First pass: the balances, which the file states before the entries.
        var opening = 1_000_000.00m;
        var closing = opening;
        var random = new Random(seed);
        for (var i = 0; i < entryCount; i++)
        {
            var (amount, debit) = NextAmount(random, i);
            closing += debit ? -amount : amount;
        }

        var ibans = Enumerable.Range(0, 997).Select(i => GermanIban(string.Create(CultureInfo.InvariantCulture, $"{37040044 + (i * 7919 % 1000):D8}"), 100000L + (i * 104729L))).ToArray();
        var kassenzeichen = Enumerable.Range(0, 1009).Select(i => KassenzeichenFormat.Default.WithCheckDigit(string.Create(CultureInfo.InvariantCulture, $"{100000000000L + (i * 7_654_321L):D12}"))).ToArray();

        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20, leaveOpen: true);
        var w = new XmlTextBuilder(writer);
        w.Raw("""<?xml version="1.0" encoding="UTF-8"?>""").Line();
        w.Raw("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">""").Line();
        w.Raw("  <BkToCstmrStmt>").Line();
        w.Raw("    <GrpHdr><MsgId>BENCH-").Raw(entryCount).Raw("-").Raw(seed).Raw("</MsgId><CreDtTm>2026-11-28T06:00:00+01:00</CreDtTm></GrpHdr>").Line();
        w.Raw("    <Stmt>").Line();
        w.Raw("      <Id>BENCH-2026-11-27</Id>").Line();
        w.Raw("      <ElctrncSeqNb>1</ElctrncSeqNb>").Line();
        w.Raw("      <LglSeqNb>1</LglSeqNb>").Line();
        w.Raw("      <CreDtTm>2026-11-28T06:00:00+01:00</CreDtTm>").Line();
        w.Raw("      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Landkreis Musterland Kreiskasse</Nm></Ownr>")
            .Raw("<Svcr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Svcr></Acct>").Line();
        Balance(w, "OPBD", opening);
        Balance(w, "CLBD", closing);

        // Amounts come from their own generator, so that both passes see the same ones.
        random = new Random(seed);
        var details = new Random(seed + 1);
        for (var i = 0; i < entryCount; i++)
        {
            var (amount, debit) = NextAmount(random, i);
            var direction = debit ? "DBIT" : "CRDT";
            var reference = string.Create(CultureInfo.InvariantCulture, $"2026112700{i:D8}");
            var first = FirstNames[details.Next(FirstNames.Length)];
            var last = LastNames[details.Next(LastNames.Length)];
            var iban = ibans[details.Next(ibans.Length)];
            var kz = kassenzeichen[details.Next(kassenzeichen.Length)];
            var purpose = Purposes[details.Next(Purposes.Length)];
            var code = debit ? "NDDT+105+9200+992" : "NTRF+166+00931";
            w.Raw("      <Ntry>").Line();
            w.Raw("        <Amt Ccy=\"EUR\">").Amount(amount).Raw("</Amt>").Line();
            w.Raw("        <CdtDbtInd>").Raw(direction).Raw("</CdtDbtInd>").Line();
            w.Raw("        <Sts><Cd>BOOK</Cd></Sts>").Line();
            w.Raw("        <BookgDt><Dt>2026-11-27</Dt></BookgDt>").Line();
            w.Raw("        <ValDt><Dt>2026-11-27</Dt></ValDt>").Line();
            w.Raw("        <AcctSvcrRef>").Raw(reference).Raw("</AcctSvcrRef>").Line();
            w.Raw("        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn><Prtry><Cd>").Raw(code).Raw("</Cd><Issr>DK</Issr></Prtry></BkTxCd>").Line();
            w.Raw("        <NtryDtls>").Line();
            w.Raw("          <TxDtls>").Line();
            w.Raw("            <Refs><EndToEndId>").Raw(i % 3 == 0 ? "NOTPROVIDED" : "E2E-" + reference).Raw("</EndToEndId><UETR>").Raw(Uuid(details)).Raw("</UETR></Refs>").Line();
            w.Raw("            <Amt Ccy=\"EUR\">").Amount(amount).Raw("</Amt>").Line();
            w.Raw("            <CdtDbtInd>").Raw(direction).Raw("</CdtDbtInd>").Line();
            w.Raw("            <BkTxCd><Prtry><Cd>").Raw(code).Raw("</Cd><Issr>DK</Issr></Prtry></BkTxCd>").Line();
            w.Raw("            <RltdPties>").Line();
            w.Raw("              <Dbtr><Pty><Nm>").Text(first).Raw(" ").Text(last).Raw("</Nm></Pty></Dbtr>").Line();
            w.Raw("              <DbtrAcct><Id><IBAN>").Raw(iban).Raw("</IBAN></Id></DbtrAcct>").Line();
            w.Raw("              <Cdtr><Pty><Nm>Landkreis Musterland</Nm></Pty></Cdtr>").Line();
            w.Raw("              <CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>").Line();
            w.Raw("            </RltdPties>").Line();
            w.Raw("            <RltdAgts><DbtrAgt><FinInstnId><BICFI>GENODEF1S04</BICFI></FinInstnId></DbtrAgt></RltdAgts>").Line();
            w.Raw("            <RmtInf>").Line();
            if (i % 7 == 0)
            {
                w.Raw("              <Ustrd>").Text(purpose).Raw(" Kassenzeichen ").Raw(kz.AsSpan(0, 6)).Raw("</Ustrd>").Line();
                w.Raw("              <Ustrd>").Raw(kz.AsSpan(6)).Raw(" ").Text(last).Raw("</Ustrd>").Line();
            }
            else
            {
                w.Raw("              <Ustrd>SVWZ+").Text(purpose).Raw(" KZ ").Raw(kz).Raw(" EREF+").Raw(i % 3 == 0 ? "NOTPROVIDED" : "E2E-" + reference).Raw("</Ustrd>").Line();
            }

            w.Raw("            </RmtInf>").Line();
            w.Raw("          </TxDtls>").Line();
            w.Raw("        </NtryDtls>").Line();
            w.Raw("        <AddtlNtryInf>").Raw(debit ? "LASTSCHRIFT" : "GUTSCHRIFT").Raw("</AddtlNtryInf>").Line();
            w.Raw("      </Ntry>").Line();
        }

        w.Raw("    </Stmt>").Line();
        w.Raw("  </BkToCstmrStmt>").Line();
        w.Raw("</Document>").Line();
    }

    // Amounts from 0.01 to 2,500.00 with two decimals; every 10th entry is a debit.
    private static (decimal Amount, bool Debit) NextAmount(Random random, int index) =>
        (random.Next(1, 250_001) / 100m, index % 10 == 9);

    private static void Balance(XmlTextBuilder w, string code, decimal amount)
    {
        w.Raw("      <Bal><Tp><CdOrPrtry><Cd>").Raw(code).Raw("</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">").Amount(Math.Abs(amount))
            .Raw("</Amt><CdtDbtInd>").Raw(amount < 0 ? "DBIT" : "CRDT").Raw("</CdtDbtInd><Dt><Dt>2026-11-27</Dt></Dt></Bal>").Line();
    }

    private static string GermanIban(string bankCode, long account)
    {
        var bban = string.Create(CultureInfo.InvariantCulture, $"{bankCode}{account:D10}");
        var remainder = 0;
        foreach (var c in bban + "131400")
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        return string.Create(CultureInfo.InvariantCulture, $"DE{98 - remainder:D2}{bban}");
    }

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D").ToLowerInvariant();
    }
}
