using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Chokepoint.Cli.Output;

/// <summary>One titled table of a verb's human-readable output.</summary>
internal sealed record TableSection(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);

/// <summary>
/// Renders sections as Spectre tables in a terminal and as plain aligned text in a pipe, so one
/// verb builds its figures once and both audiences read them.
/// </summary>
internal static class Report
{
    public static void Render(CliContext context, string heading, IEnumerable<TableSection> sections)
    {
        if (context.IsTerminal)
        {
            var console = context.Console();
            console.MarkupLine($"[bold]{Markup.Escape(heading)}[/]");
            foreach (var s in sections)
            {
                var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(s.Title)}[/]");
                for (var i = 0; i < s.Headers.Count; i++)
                {
                    var column = new TableColumn(Markup.Escape(s.Headers[i]));
                    table.AddColumn(i > 0 && s.Rows.Count > 0 && s.Rows.All(r => LooksNumeric(r[i])) ? column.RightAligned() : column);
                }

                foreach (var row in s.Rows)
                {
                    table.AddRow(row.Select(Markup.Escape).ToArray());
                }

                if (s.Rows.Count == 0)
                {
                    console.MarkupLine($"[bold]{Markup.Escape(s.Title)}[/]: (none)");
                }
                else
                {
                    console.Write(table);
                }

                if (s.Note is not null)
                {
                    console.MarkupLine($"[dim]{Markup.Escape(s.Note)}[/]");
                }
            }

            return;
        }

        context.Out.WriteLine(heading);
        foreach (var s in sections)
        {
            context.Out.WriteLine();
            context.Out.WriteLine($"## {s.Title}");
            context.Out.Write(s.Rows.Count == 0 ? "(none)\n" : Plain(s.Headers, s.Rows));
            if (s.Note is not null)
            {
                context.Out.WriteLine(s.Note);
            }
        }
    }

    /// <summary>Columns padded to their widest cell, separated by two spaces; no trailing blanks.</summary>
    public static string Plain(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        Line(headers);
        foreach (var row in rows)
        {
            Line(row);
        }

        return sb.ToString();

        void Line(IReadOnlyList<string> cells)
        {
            var text = string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
            sb.Append(text.TrimEnd()).Append('\n');
        }
    }

    /// <summary>A share as a percentage: one decimal, or two significant digits below 1% so small capacities do not read as zero.</summary>
    public static string Percent(double share) => Formats.Results.Text.Percent(share);

    public static string Fixed(double value, int decimals = 3) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static bool LooksNumeric(string cell) =>
        cell.Length > 0 && (char.IsDigit(cell[0]) || cell == "-") && !cell.Contains(' ', StringComparison.Ordinal);
}
