using System.Text;
using PaymentRecon.Camt;

namespace PaymentRecon.Core.Tests.Camt;

public sealed class CamtReaderLimitTests
{
    private const long HugeText = 300L * 1024 * 1024;

    [Theory]
    [InlineData("<Ustrd>", "</Ustrd>")]
    [InlineData("<Unknown>", "</Unknown>")]
    public void A_huge_text_is_rejected_without_loading_it_also_inside_an_element_the_reader_skips(string open, string close)
    {
        var xml = Fixtures.Text("053_08_balance_mismatch.xml");
        var at = xml.IndexOf("<Ustrd>Zahlung</Ustrd>", StringComparison.Ordinal);
        var prefix = Encoding.UTF8.GetBytes(xml[..at] + open);
        var suffix = Encoding.UTF8.GetBytes(close + xml[(at + "<Ustrd>Zahlung</Ustrd>".Length)..]);
        using var stream = new GeneratedStream(prefix, (byte)'x', HugeText, suffix);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var read = () => ReadMessage.From(CamtReader.Read(stream, "huge.xml"));

        read.Should().Throw<CamtFormatException>().Which.Problem.Message.Should().Contain("Camt:MaxTextLength");
        (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore).Should().BeLessThan(50L * 1024 * 1024, "the text is never held in memory");
    }
}
