namespace PaymentRecon.Core.Tests.Booking;

/// <summary>
/// Byte-for-byte comparison with <c>fixtures/bookings-expected/</c>. With
/// <c>PAYMENTRECON_REGENERATE_GOLDEN=1</c> the files in the source tree are rewritten instead.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, byte[] actual)
    {
        if (Environment.GetEnvironmentVariable("PAYMENTRECON_REGENERATE_GOLDEN") == "1")
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "PaymentRecon.sln")))
            {
                root = root.Parent;
            }

            File.WriteAllBytes(Path.Combine(root!.FullName, "fixtures", "bookings-expected", name), actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "bookings-expected", name);
        File.Exists(path).Should().BeTrue($"golden file {name} exists (regenerate with PAYMENTRECON_REGENERATE_GOLDEN=1)");
        var expected = File.ReadAllBytes(path);
        System.Text.Encoding.UTF8.GetString(actual).Should().Be(System.Text.Encoding.UTF8.GetString(expected));
        actual.Should().Equal(expected);
    }
}
