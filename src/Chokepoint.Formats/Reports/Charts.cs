using ScottPlot;

namespace Chokepoint.Formats.Reports;

/// <summary>Charts as SVG text, to embed in a self-contained report.</summary>
public static class Charts
{
    private static readonly Lock FontLock = new();
    private static bool _fontSet;

    /// <summary>A line chart of capacity (0–100 %) over months, one series per name.</summary>
    public static string CapacityOverMonths(string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, double startMonth = 0, int width = 720, int height = 320)
    {
        ArgumentNullException.ThrowIfNull(series);
        UseDejaVu();
        var plot = new Plot();
        foreach (var (name, values) in series)
        {
            var xs = Enumerable.Range(0, values.Count).Select(t => startMonth + t).ToArray();
            var ys = values.Select(v => v * 100).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = name;
            line.LineWidth = 2;
        }

        plot.Title(title);
        plot.XLabel("month");
        plot.YLabel("capacity, % of world supply");
        plot.Axes.SetLimitsY(0, Math.Max(1e-6, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max() * 110));
        if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        return plot.GetSvgXml(width, height);
    }

    /// <summary>Every chart uses DejaVu Sans, which Debian ships, so the same SVG renders everywhere.</summary>
    private static void UseDejaVu()
    {
        lock (FontLock)
        {
            if (!_fontSet)
            {
                Fonts.Default = "DejaVu Sans";
                _fontSet = true;
            }
        }
    }
}
