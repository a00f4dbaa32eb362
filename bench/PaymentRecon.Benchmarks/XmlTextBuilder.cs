using System.Globalization;

namespace PaymentRecon.Benchmarks;

/// <summary>Small fluent writer for <see cref="CamtGenerator"/>: raw markup, escaped text, amounts.</summary>
internal sealed class XmlTextBuilder(TextWriter writer)
{
    public XmlTextBuilder Raw(string text)
    {
        writer.Write(text);
        return this;
    }

    public XmlTextBuilder Raw(ReadOnlySpan<char> text)
    {
        writer.Write(text);
        return this;
    }

    public XmlTextBuilder Raw(int value)
    {
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public XmlTextBuilder Text(string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    writer.Write("&lt;");
                    break;
                case '>':
                    writer.Write("&gt;");
                    break;
                case '&':
                    writer.Write("&amp;");
                    break;
                default:
                    writer.Write(c);
                    break;
            }
        }

        return this;
    }

    public XmlTextBuilder Amount(decimal amount)
    {
        writer.Write(amount.ToString("0.00", CultureInfo.InvariantCulture));
        return this;
    }

    public XmlTextBuilder Line()
    {
        writer.Write('\n');
        return this;
    }
}
