using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaymentRecon.Inbox;

namespace PaymentRecon.Sepa;

/// <summary>
/// Reads a submitted SEPA direct-debit file (pain.008.001.02 and .001.08 in the ISO namespaces
/// that the German banks' DK rules (GBIC) use, and the old DK namespace pain.008.003.02) streaming:
/// one transaction is in memory as XML at a time. Checks <c>NbOfTxs</c> and <c>CtrlSum</c> on the
/// group header and on each <c>PmtInf</c>, requires EndToEndId, InstdAmt and MndtId, and finds the
/// Kassenzeichen of each transaction.
/// </summary>
public sealed class Pain008Reader
{
    public const string Message = "CstmrDrctDbtInitn";

    public static readonly IReadOnlyList<string> Versions = ["pain.008.001.02", "pain.008.001.08", "pain.008.003.02"];

    private readonly KassenzeichenFormat _kassenzeichen;

    public Pain008Reader(KassenzeichenFormat kassenzeichen)
    {
        ArgumentNullException.ThrowIfNull(kassenzeichen);
        _kassenzeichen = kassenzeichen;
    }

    public SepaReading<Pain008Document> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SepaXml.Read(stream, ReadDocument);
    }

    private Pain008Document? ReadDocument(XmlReader reader, List<ImportProblem> problems)
    {
        const string root = "/Document/" + Message;
        var version = SepaXml.OpenMessage(reader, Message, Versions, "Lastschrifteinreichung", problems);
        if (version is null)
        {
            return null;
        }

        XElement? header = null;
        var paymentInformations = new List<Pain008PaymentInformation>();
        var rootDepth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > rootDepth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (reader.LocalName == "GrpHdr" && header is null)
            {
                header = SepaXml.LoadElement(reader);
            }
            else if (reader.LocalName == "PmtInf")
            {
                var paymentInformation = ReadPaymentInformation(reader, $"{root}/PmtInf[{paymentInformations.Count + 1}]", paymentInformations.Count + 1, problems);
                if (paymentInformation is not null)
                {
                    paymentInformations.Add(paymentInformation);
                }
            }
            else
            {
                problems.Add(SepaXml.Problem($"{root}/{reader.LocalName}", SepaXml.Line(reader), null, "Unerwartetes Element."));
                reader.Skip();
            }
        }

        if (header is null)
        {
            problems.Add(SepaXml.Problem(root + "/GrpHdr", 0, null, "GrpHdr fehlt."));
            return null;
        }

        var messageId = Required(header, "MsgId", root + "/GrpHdr", problems);
        var createdText = Required(header, "CreDtTm", root + "/GrpHdr", problems);
        var created = default(DateTime);
        if (createdText is not null && !SepaXml.TryParseDateTime(createdText, out created))
        {
            problems.Add(SepaXml.Problem(root + "/GrpHdr/CreDtTm", SepaXml.Line(SepaXml.Find(header, "CreDtTm")), createdText, "Kein Zeitpunkt nach ISO 8601."));
        }

        var count = ParseCount(header, root + "/GrpHdr", required: true, problems);
        var controlSum = ParseControlSum(header, root + "/GrpHdr", problems);
        if (paymentInformations.Count == 0)
        {
            problems.Add(SepaXml.Problem(root, SepaXml.Line(header), null, "Die Datei enthält keine PmtInf."));
        }

        var transactions = paymentInformations.SelectMany(p => p.Transactions).ToList();
        CheckTotals(header, root + "/GrpHdr", count, controlSum, transactions, "Datei", problems);

        foreach (var duplicate in paymentInformations.GroupBy(p => p.PaymentInformationId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(SepaXml.Problem(root + "/PmtInf/PmtInfId", 0, duplicate.Key, "PmtInfId kommt in der Datei mehrfach vor."));
        }

        foreach (var duplicate in transactions.GroupBy(t => t.EndToEndId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(SepaXml.Problem(root + "/PmtInf/DrctDbtTxInf/PmtId/EndToEndId", 0, duplicate.Key,
                "EndToEndId kommt in der Datei mehrfach vor; Gutschriften und Rücklastschriften wären nicht eindeutig zuzuordnen."));
        }

        return messageId is null || count is null
            ? null
            : new Pain008Document(version, messageId, created, count.Value, controlSum, SepaXml.Text(header, "InitgPty/Nm"), paymentInformations);
    }

    private Pain008PaymentInformation? ReadPaymentInformation(XmlReader reader, string path, int position, List<ImportProblem> problems)
    {
        var line = SepaXml.Line(reader);
        var ns = reader.NamespaceURI;
        var fields = new XElement(XName.Get("PmtInf", ns));
        var transactions = new List<Pain008Transaction>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
        }
        else
        {
            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var child = SepaXml.LoadElement(reader);
                if (child.Name.LocalName == "DrctDbtTxInf")
                {
                    var transaction = ReadTransaction(child, $"{path}/DrctDbtTxInf[{transactions.Count + 1}]", transactions.Count + 1, problems);
                    if (transaction is not null)
                    {
                        transactions.Add(transaction);
                    }
                }
                else
                {
                    fields.Add(child);
                }
            }

            if (reader.NodeType == XmlNodeType.EndElement)
            {
                reader.Read();
            }
        }

        var id = Required(fields, "PmtInfId", path, problems, line);
        var dateText = SepaXml.Text(fields, "ReqdColltnDt") ?? SepaXml.Text(fields, "ReqdColltnDt/Dt");
        var date = default(DateOnly);
        if (dateText is null)
        {
            problems.Add(SepaXml.Problem(path + "/ReqdColltnDt", line, null, "ReqdColltnDt (Fälligkeitsdatum) fehlt."));
        }
        else if (!SepaXml.TryParseDate(dateText, out date))
        {
            problems.Add(SepaXml.Problem(path + "/ReqdColltnDt", SepaXml.Line(SepaXml.Find(fields, "ReqdColltnDt")), dateText, "Kein Datum JJJJ-MM-TT."));
        }

        var count = ParseCount(fields, path, required: false, problems);
        var controlSum = ParseControlSum(fields, path, problems);
        if (transactions.Count == 0 && !problems.Any(p => p.Location.StartsWith(path + "/DrctDbtTxInf", StringComparison.Ordinal)))
        {
            problems.Add(SepaXml.Problem(path, line, id, "PmtInf ohne DrctDbtTxInf."));
        }

        CheckTotals(fields, path, count, controlSum, transactions, "PmtInf", problems);

        var schemeId = SepaXml.Text(fields, "CdtrSchmeId/Id/PrvtId/Othr/Id");
        return id is null || dateText is null
            ? null
            : new Pain008PaymentInformation(
                position, id, date,
                SepaXml.Text(fields, "PmtTpInf/SeqTp"),
                SepaXml.Text(fields, "PmtTpInf/LclInstrm/Cd"),
                count, controlSum,
                SepaXml.Text(fields, "Cdtr/Nm"),
                SepaXml.Text(fields, "CdtrAcct/Id/IBAN"),
                schemeId,
                transactions.Select(t => t.CreditorSchemeId is null ? t with { CreditorSchemeId = schemeId } : t).ToList());
    }

    private Pain008Transaction? ReadTransaction(XElement element, string path, int position, List<ImportProblem> problems)
    {
        var line = SepaXml.Line(element);
        var endToEndId = Required(element, "PmtId/EndToEndId", path, problems, line);
        var mandateId = Required(element, "DrctDbtTx/MndtRltdInf/MndtId", path, problems, line);
        var amountElement = SepaXml.Find(element, "InstdAmt");
        Money? amount = null;
        if (amountElement is null)
        {
            problems.Add(SepaXml.Problem(path + "/InstdAmt", line, null, "InstdAmt (Betrag) fehlt."));
        }
        else
        {
            var text = amountElement.Value.Trim();
            var currencyText = (string?)amountElement.Attribute("Ccy");
            var value = SepaXml.ParseAmount(text);
            if (!Currency.TryParse(currencyText, out var currency))
            {
                problems.Add(SepaXml.Problem(path + "/InstdAmt/@Ccy", SepaXml.Line(amountElement), currencyText, "Keine Währung nach ISO 4217."));
            }
            else if (value is null || value <= 0m)
            {
                problems.Add(SepaXml.Problem(path + "/InstdAmt", SepaXml.Line(amountElement), text, "Kein positiver Betrag (Dezimalpunkt, ohne Vorzeichen)."));
            }
            else if (!new Money(value.Value, currency).FitsMinorUnits)
            {
                problems.Add(SepaXml.Problem(path + "/InstdAmt", SepaXml.Line(amountElement), text,
                    string.Create(CultureInfo.InvariantCulture, $"Mehr als {currency.MinorUnits} Nachkommastellen.")));
            }
            else
            {
                amount = new Money(value.Value, currency);
            }
        }

        DateOnly? signedOn = null;
        var signedText = SepaXml.Text(element, "DrctDbtTx/MndtRltdInf/DtOfSgntr");
        if (signedText is not null)
        {
            if (SepaXml.TryParseDate(signedText, out var signed))
            {
                signedOn = signed;
            }
            else
            {
                problems.Add(SepaXml.Problem(path + "/DrctDbtTx/MndtRltdInf/DtOfSgntr", SepaXml.Line(SepaXml.Find(element, "DrctDbtTx/MndtRltdInf/DtOfSgntr")), signedText, "Kein Datum JJJJ-MM-TT."));
            }
        }

        var remittance = SepaXml.Find(element, "RmtInf");
        var lines = remittance?.Elements(element.Name.Namespace + "Ustrd").Select(u => u.Value.Trim()).Where(u => u.Length > 0).ToList() ?? [];
        var creditorReference = SepaXml.Text(remittance, "Strd/CdtrRefInf/Ref");
        if (endToEndId is null || mandateId is null || amount is null)
        {
            return null;
        }

        return new Pain008Transaction(
            position, endToEndId, SepaXml.Text(element, "PmtId/InstrId"), amount.Value, mandateId, signedOn,
            SepaXml.Text(element, "DrctDbtTx/CdtrSchmeId/Id/PrvtId/Othr/Id"),
            SepaXml.Text(element, "Dbtr/Nm"),
            SepaXml.Text(element, "DbtrAcct/Id/IBAN"),
            lines, creditorReference,
            FindKassenzeichen(creditorReference, lines, endToEndId));
    }

    /// <summary>
    /// The Kassenzeichen of an own collection: the structured reference first, then the remittance
    /// lines (also joined, for a number cut across two lines), then the EndToEndId. A candidate is a
    /// run of whole tokens (separated by space . - /) whose joined characters pass the configured
    /// format, check digit included. Several different candidates in one place give none: the
    /// matching must not guess.
    /// </summary>
    /// <remarks>
    /// Deliberately self-contained; the matching engine's KassenzeichenFinder can replace this one
    /// method once both are on main.
    /// </remarks>
    private string? FindKassenzeichen(string? creditorReference, List<string> remittanceLines, string endToEndId)
    {
        var sources = new List<string>();
        if (creditorReference is not null)
        {
            sources.Add(creditorReference);
        }

        sources.AddRange(remittanceLines);
        if (remittanceLines.Count > 1)
        {
            sources.Add(string.Concat(remittanceLines));
        }

        sources.Add(endToEndId);
        foreach (var source in sources)
        {
            var found = Candidates(source).Distinct(StringComparer.Ordinal).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }

            if (found.Count > 1)
            {
                return null;
            }
        }

        return null;
    }

    private IEnumerable<string> Candidates(string text)
    {
        // Tokens: maximal runs of alphabet characters (upper-cased); separators split them, anything else ends a run.
        var runs = new List<List<string>>();
        var tokens = new List<string>();
        var token = new System.Text.StringBuilder();
        foreach (var raw in text + "\n")
        {
            var c = char.ToUpperInvariant(raw);
            if (_kassenzeichen.Alphabet.Contains(c, StringComparison.Ordinal))
            {
                token.Append(c);
                continue;
            }

            if (token.Length > 0)
            {
                tokens.Add(token.ToString());
                token.Clear();
            }

            if (!KassenzeichenFormat.IsSeparator(raw) && tokens.Count > 0)
            {
                runs.Add(tokens);
                tokens = [];
            }
        }

        foreach (var run in runs)
        {
            for (var start = 0; start < run.Count; start++)
            {
                var candidate = "";
                for (var end = start; end < run.Count && candidate.Length < _kassenzeichen.MaxLength; end++)
                {
                    candidate += run[end];
                    if (candidate.Length >= _kassenzeichen.MinLength && _kassenzeichen.Check(candidate) is null)
                    {
                        yield return candidate;
                    }
                }
            }
        }
    }

    // NbOfTxs and CtrlSum of the group header or of one PmtInf against what it contains.
    private static void CheckTotals(XElement element, string path, int? count, decimal? controlSum, List<Pain008Transaction> transactions, string scope, List<ImportProblem> problems)
    {
        if (count is not null && count != transactions.Count)
        {
            problems.Add(SepaXml.Problem(path + "/NbOfTxs", SepaXml.Line(SepaXml.Find(element, "NbOfTxs")), count.Value.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"NbOfTxs sagt {count}, die {scope} enthält {transactions.Count} Transaktionen.")));
        }

        var total = transactions.Sum(t => t.Amount.Amount);
        if (controlSum is not null && controlSum != total)
        {
            problems.Add(SepaXml.Problem(path + "/CtrlSum", SepaXml.Line(SepaXml.Find(element, "CtrlSum")), controlSum.Value.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"CtrlSum sagt {controlSum}, die Summe der InstdAmt der {scope} ist {total}.")));
        }
    }

    private static string? Required(XElement element, string relative, string path, List<ImportProblem> problems, int line = 0)
    {
        var value = SepaXml.Text(element, relative);
        if (value is null)
        {
            problems.Add(SepaXml.Problem($"{path}/{relative}", line > 0 ? line : SepaXml.Line(element), null, $"{relative} fehlt."));
        }

        return value;
    }

    private static int? ParseCount(XElement element, string path, bool required, List<ImportProblem> problems)
    {
        var text = SepaXml.Text(element, "NbOfTxs");
        if (text is null)
        {
            if (required)
            {
                problems.Add(SepaXml.Problem(path + "/NbOfTxs", SepaXml.Line(element), null, "NbOfTxs fehlt."));
            }

            return null;
        }

        if (text.Length > 9 || !text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problems.Add(SepaXml.Problem(path + "/NbOfTxs", SepaXml.Line(SepaXml.Find(element, "NbOfTxs")), text, "NbOfTxs ist keine Anzahl."));
            return null;
        }

        return count;
    }

    private static decimal? ParseControlSum(XElement element, string path, List<ImportProblem> problems)
    {
        var text = SepaXml.Text(element, "CtrlSum");
        if (text is null)
        {
            return null;
        }

        var value = SepaXml.ParseAmount(text);
        if (value is null)
        {
            problems.Add(SepaXml.Problem(path + "/CtrlSum", SepaXml.Line(SepaXml.Find(element, "CtrlSum")), text, "CtrlSum ist kein Betrag."));
        }

        return value;
    }
}
