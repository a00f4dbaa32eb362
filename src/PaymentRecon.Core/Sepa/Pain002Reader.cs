using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PaymentRecon.Inbox;

namespace PaymentRecon.Sepa;

/// <summary>
/// Reads a customer payment status report (pain.002.001.03, the version that answers
/// pain.008.001.02; pain.002.001.10, answering .001.08; and the old DK pain.002.003.03)
/// streaming, one <c>OrgnlPmtInfAndSts</c> in memory at a time.
/// </summary>
public static class Pain002Reader
{
    public const string Message = "CstmrPmtStsRpt";

    public static readonly IReadOnlyList<string> Versions = ["pain.002.001.03", "pain.002.001.10", "pain.002.003.03"];

    // ExternalPaymentGroupStatus1Code / ExternalPaymentTransactionStatus1Code values in use.
    private static readonly HashSet<string> KnownStatuses = new(StringComparer.Ordinal)
    {
        "ACCC", "ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "ACWP", "ACFC", "PART", "PATC", "PDNG", "RCVD", "RJCT", "CANC", "BLCK",
    };

    public static SepaReading<Pain002Document> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SepaXml.Read(stream, ReadDocument);
    }

    private static Pain002Document? ReadDocument(XmlReader reader, List<ImportProblem> problems)
    {
        const string root = "/Document/" + Message;
        var version = SepaXml.OpenMessage(reader, Message, Versions, "Statusbericht", problems);
        if (version is null)
        {
            return null;
        }

        XElement? header = null;
        XElement? group = null;
        var paymentInformations = new List<Pain002PaymentInformationStatus>();
        var rootDepth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > rootDepth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "GrpHdr" when header is null:
                    header = SepaXml.LoadElement(reader);
                    break;
                case "OrgnlGrpInfAndSts" when group is null:
                    group = SepaXml.LoadElement(reader);
                    break;
                case "OrgnlPmtInfAndSts":
                    var path = $"{root}/OrgnlPmtInfAndSts[{paymentInformations.Count + 1}]";
                    var status = ReadPaymentInformation(SepaXml.LoadElement(reader), path, problems);
                    if (status is not null)
                    {
                        paymentInformations.Add(status);
                    }

                    break;
                default:
                    problems.Add(SepaXml.Problem($"{root}/{reader.LocalName}", SepaXml.Line(reader), null, "Unerwartetes Element."));
                    reader.Skip();
                    break;
            }
        }

        if (header is null || group is null)
        {
            problems.Add(SepaXml.Problem(root, 0, null, header is null ? "GrpHdr fehlt." : "OrgnlGrpInfAndSts fehlt."));
            return null;
        }

        var messageId = SepaXml.Text(header, "MsgId");
        if (messageId is null)
        {
            problems.Add(SepaXml.Problem(root + "/GrpHdr/MsgId", SepaXml.Line(header), null, "MsgId fehlt."));
        }

        var createdText = SepaXml.Text(header, "CreDtTm");
        var created = default(DateTime);
        if (createdText is null || !SepaXml.TryParseDateTime(createdText, out created))
        {
            problems.Add(SepaXml.Problem(root + "/GrpHdr/CreDtTm", SepaXml.Line(header), createdText, "CreDtTm fehlt oder ist kein Zeitpunkt nach ISO 8601."));
        }

        var originalMessageId = SepaXml.Text(group, "OrgnlMsgId");
        if (originalMessageId is null)
        {
            problems.Add(SepaXml.Problem(root + "/OrgnlGrpInfAndSts/OrgnlMsgId", SepaXml.Line(group), null, "OrgnlMsgId (die MsgId der Einreichung) fehlt."));
        }

        var groupStatus = Status(group, "GrpSts", root + "/OrgnlGrpInfAndSts", problems);
        return messageId is null || originalMessageId is null
            ? null
            : new Pain002Document(version, messageId, created, originalMessageId, SepaXml.Text(group, "OrgnlMsgNmId"), groupStatus, Reasons(group), paymentInformations);
    }

    private static Pain002PaymentInformationStatus? ReadPaymentInformation(XElement element, string path, List<ImportProblem> problems)
    {
        var id = SepaXml.Text(element, "OrgnlPmtInfId");
        if (id is null)
        {
            problems.Add(SepaXml.Problem(path + "/OrgnlPmtInfId", SepaXml.Line(element), null, "OrgnlPmtInfId fehlt."));
        }

        var status = Status(element, "PmtInfSts", path, problems);
        var transactions = new List<Pain002TransactionStatus>();
        var position = 0;
        foreach (var tx in element.Elements(element.Name.Namespace + "TxInfAndSts"))
        {
            position++;
            var txPath = string.Create(CultureInfo.InvariantCulture, $"{path}/TxInfAndSts[{position}]");
            var endToEndId = SepaXml.Text(tx, "OrgnlEndToEndId");
            var instructionId = SepaXml.Text(tx, "OrgnlInstrId");
            if (endToEndId is null && instructionId is null)
            {
                problems.Add(SepaXml.Problem(txPath + "/OrgnlEndToEndId", SepaXml.Line(tx), null, "OrgnlEndToEndId fehlt: die Transaktion ist nicht zuzuordnen."));
            }

            Money? amount = null;
            var amountElement = SepaXml.Find(tx, "OrgnlTxRef/Amt/InstdAmt");
            if (amountElement is not null)
            {
                var value = SepaXml.ParseAmount(amountElement.Value.Trim());
                if (value is not null && Currency.TryParse((string?)amountElement.Attribute("Ccy"), out var currency))
                {
                    amount = new Money(value.Value, currency);
                }
                else
                {
                    problems.Add(SepaXml.Problem(txPath + "/OrgnlTxRef/Amt/InstdAmt", SepaXml.Line(amountElement), amountElement.Value, "Kein Betrag mit Währung."));
                }
            }

            transactions.Add(new Pain002TransactionStatus(
                instructionId, endToEndId, Status(tx, "TxSts", txPath, problems), Reasons(tx), amount,
                SepaXml.Text(tx, "OrgnlTxRef/MndtRltdInf/MndtId")));
        }

        return id is null ? null : new Pain002PaymentInformationStatus(id, status, Reasons(element), transactions);
    }

    private static string? Status(XElement element, string name, string path, List<ImportProblem> problems)
    {
        var status = SepaXml.Text(element, name);
        if (status is not null && !KnownStatuses.Contains(status))
        {
            problems.Add(SepaXml.Problem($"{path}/{name}", SepaXml.Line(SepaXml.Find(element, name)), status, "Unbekannter Status."));
        }

        return status;
    }

    private static List<StatusReason> Reasons(XElement element) =>
        [.. element.Elements(element.Name.Namespace + "StsRsnInf").Select(r => new StatusReason(
            SepaXml.Text(r, "Rsn/Cd") ?? SepaXml.Text(r, "Rsn/Prtry"),
            string.Join(" ", r.Elements(r.Name.Namespace + "AddtlInf").Select(a => a.Value.Trim())) is { Length: > 0 } text ? text : null))];
}
