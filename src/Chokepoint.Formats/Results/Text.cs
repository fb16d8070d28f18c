using System.Globalization;

namespace Chokepoint.Formats.Results;

/// <summary>Figures as the text outputs print them, the same in the command line's tables and the exports.</summary>
public static class Text
{
    /// <summary>A share as a percentage ("37.5%", "0.14%"); "n/a" for an undefined figure (NaN, as a fraction of no samples).</summary>
    public static string Percent(double share)
    {
        if (!double.IsFinite(share))
        {
            return "n/a";
        }

        var pct = share * 100;
        var text = pct is > 0 and < 1 ? pct.ToString("G2", CultureInfo.InvariantCulture) : pct.ToString("0.#", CultureInfo.InvariantCulture);
        return text + "%";
    }
}
