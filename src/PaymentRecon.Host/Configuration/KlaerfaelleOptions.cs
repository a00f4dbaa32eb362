using System.Globalization;
using PaymentRecon.Klaerfaelle;

namespace PaymentRecon.Host.Configuration;

/// <summary>Section <c>PaymentRecon:Klaerfaelle</c>: the four-eyes rule for assignments, splits and refunds.</summary>
public sealed class KlaerfaelleOptions
{
    /// <summary><c>Always</c>, or <c>AboveAmount</c>: only proposals above <see cref="FourEyesThreshold"/> need a second user.</summary>
    public FourEyesMode FourEyes { get; set; } = FourEyesMode.Always;

    /// <summary>EUR; with <c>AboveAmount</c>, proposals up to this amount take effect at once (still audited).</summary>
    public decimal FourEyesThreshold { get; set; }

    public FourEyesPolicy Policy => new(FourEyes, FourEyesThreshold);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FourEyesThreshold < 0m || decimal.Round(FourEyesThreshold, 2) != FourEyesThreshold)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"FourEyesThreshold: {FourEyesThreshold} is not an amount of 0 or more with at most two decimals."));
        }

        if (FourEyes == FourEyesMode.Always && FourEyesThreshold != 0m)
        {
            problems.Add("FourEyesThreshold: only used with FourEyes = AboveAmount; remove it or set FourEyes to AboveAmount.");
        }

        return problems;
    }
}
