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
            $"{k.Name} (by {k.By}, on {ControlScope(k.Control)}" + (k.Rule is { } rule ? $", reach at {Rule(rule)})" : ")")));
    }

    /// <summary>A control's scope: its layers and components, or "everything".</summary>
    public static string ControlScope(Chokepoint.Analysis.Model.Control control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var scope = control.ScopeLayers.Concat(control.ScopeComponents).ToList();
        return scope.Count == 0 ? "everything" : string.Join(", ", scope);
    }

    /// <summary>An extraterritorial rule: "de minimis 25% of equipment, eda", or without layers when it looks at every layer.</summary>
    public static string Rule(Chokepoint.Analysis.Model.ReachRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"de minimis {Percent(rule.DeMinimis)}" + (rule.Layers.Count == 0 ? "" : $" of {string.Join(", ", rule.Layers)}");
    }
}
