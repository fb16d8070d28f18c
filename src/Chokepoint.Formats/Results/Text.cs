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

    /// <summary>A retained capacity as a percentage of normal output; "-" when there is no normal output to retain.</summary>
    public static string Retained(double? retained) => retained is { } r ? Percent(r) : "-";

    /// <summary>
    /// The standing controls in force, in one line: "controls in force: none", or each as
    /// "name (by US; scope eda, fabrication; reach de minimis 0)".
    /// </summary>
    public static string Controls(IReadOnlyList<Chokepoint.Analysis.Stack.ControlInForce> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        if (controls.Count == 0)
        {
            return "controls in force: none";
        }

        return "controls in force: " + string.Join("; ", controls.Select(k =>
        {
            var scope = k.Control.ScopeLayers.Concat(k.Control.ScopeComponents).ToList();
            var parts = new List<string> { $"by {k.By}", scope.Count == 0 ? "on everything" : $"on {string.Join(", ", scope)}" };
            if (k.Rule is { } rule)
            {
                parts.Add($"reach at de minimis {Percent(rule.DeMinimis)}" + (rule.Layers.Count == 0 ? "" : $" of {string.Join(", ", rule.Layers)}"));
            }

            return $"{k.Name} ({string.Join(", ", parts)})";
        }));
    }
}
