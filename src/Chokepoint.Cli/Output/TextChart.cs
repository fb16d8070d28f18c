using System.Globalization;
using System.Text;

namespace Chokepoint.Cli.Output;

/// <summary>A capacity curve drawn with characters, so it reads in any terminal and in a pipe.</summary>
internal static class TextChart
{
    /// <summary>Draws <paramref name="values"/> (0–<paramref name="max"/>) over months, <paramref name="height"/> rows high, at most <paramref name="width"/> columns.</summary>
    public static string Draw(IReadOnlyList<double> values, double max, int height = 10, int width = 72, double monthOffset = 0)
    {
        if (values.Count == 0)
        {
            return "";
        }

        max = max <= 0 ? 1 : max;
        // One column per month when it fits; otherwise each column shows the month at its left edge.
        var columns = Math.Min(width, values.Count);
        var sample = Enumerable.Range(0, columns).Select(i => values[(int)((long)i * (values.Count - 1) / Math.Max(1, columns - 1))]).ToArray();
        var sb = new StringBuilder();
        for (var row = height; row >= 1; row--)
        {
            var level = max * row / height;
            var label = row == height ? Report.Percent(max) : row == height / 2 ? Report.Percent(max / 2) : "";
            sb.Append(label.PadLeft(7)).Append(" |");
            foreach (var v in sample)
            {
                sb.Append(v >= level - (max / height / 2) ? '#' : ' ');
            }

            sb.Append('\n');
        }

        sb.Append("0%".PadLeft(7)).Append(" +").Append(new string('-', columns)).Append('\n');
        var first = (monthOffset).ToString("0.#", CultureInfo.InvariantCulture);
        var last = (monthOffset + values.Count - 1).ToString("0.#", CultureInfo.InvariantCulture);
        sb.Append(new string(' ', 9)).Append("month ").Append(first).Append(new string(' ', Math.Max(1, columns - 12 - first.Length - last.Length))).Append("month ").Append(last).Append('\n');
        return sb.ToString();
    }
}
