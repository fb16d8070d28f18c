using System.Globalization;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;

namespace Chokepoint.Formats.Tables;

/// <summary>
/// One sheet's header and typed cell readers. Every cell that does not hold what its column needs
/// becomes a located diagnostic (sheet, row, column, what to write instead), and reading goes on so
/// that every bad cell is reported at once.
/// </summary>
internal sealed class TableCells
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _names = [];
    private readonly List<Diagnostic> _diagnostics;

    private TableCells(string file, string? sheet, string marker, List<Diagnostic> diagnostics)
    {
        Order = new Dictionary<Diagnostic, (int, int, int)>(ReferenceEqualityComparer.Instance);
        File = file;
        Sheet = sheet;
        Marker = marker;
        _diagnostics = diagnostics;
    }

    public string File { get; }

    /// <summary>The sheet's name, null for CSV.</summary>
    public string? Sheet { get; }

    /// <summary>The file name that this sheet's spans carry, so validation findings can be placed back in the sheet.</summary>
    public string Marker { get; }

    /// <summary>The data rows: those below the header.</summary>
    public IReadOnlyList<TableRow> Rows { get; private set; } = [];

    public int HeaderRow { get; private set; }

    /// <summary>Reads the header (the first row that has any cell): names are matched ignoring case, blanks and hyphens.</summary>
    public static TableCells Open(string file, TableSheet sheet, string marker, IReadOnlyList<string> known, IReadOnlyList<string> required, List<Diagnostic> diagnostics,
        Dictionary<Diagnostic, (int, int, int)> order, int sheetIndex)
    {
        var cells = new TableCells(file, sheet.Name, marker, diagnostics) { Order = order, SheetIndex = sheetIndex };
        if (sheet.Rows.Count == 0)
        {
            foreach (var name in required)
            {
                cells.Add(DiagnosticCodes.TableMissingColumn, 1, 0, $"the sheet is empty: it has no header row with a '{name}' column.",
                    $"Write the header in row 1: {string.Join(", ", known)}.");
            }

            return cells;
        }

        var header = sheet.Rows[0];
        cells.HeaderRow = header.Number;
        foreach (var (column, cell) in header.Cells.OrderBy(kv => kv.Key))
        {
            var name = Normalize(cell.AsText());
            if (name.Length == 0)
            {
                continue;
            }

            if (cells._columns.TryGetValue(name, out var first))
            {
                cells.Add(DiagnosticCodes.TableDuplicateColumn, header.Number, column, $"column '{name}' appears twice (first in column {ColumnName.Of(first)}).", "Keep one of the two columns.");
                continue;
            }

            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var near = Suggest.Nearest(name, known);
                cells.Add(DiagnosticCodes.TableUnknownColumn, header.Number, column, $"column '{cell.AsText()}' is not one this sheet reads, so it is ignored.",
                    near is null ? $"The columns are: {string.Join(", ", known)}." : $"Did you mean '{near}'?", Severity.Warning);
                continue;
            }

            cells._columns[name] = column;
            cells._names[column] = name;
        }

        foreach (var name in required.Where(n => !cells._columns.ContainsKey(n)))
        {
            cells.Add(DiagnosticCodes.TableMissingColumn, header.Number, 0, $"the header has no '{name}' column.", $"Add a column named '{name}' to row {header.Number}.");
        }

        cells.Rows = sheet.Rows.Skip(1).Where(r => !r.IsEmpty).ToList();
        return cells;
    }

    /// <summary>Header names as the reader matches them: lower case, blanks and hyphens as underscores.</summary>
    public static string Normalize(string name) =>
        string.Join('_', name.Trim().ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));

    public bool Has(string column) => _columns.ContainsKey(column);

    public int ColumnOf(string column) => _columns.GetValueOrDefault(column);

    /// <summary>Where a value of this row and column was, for the record's span.</summary>
    public SourceSpan Span(TableRow row, params string[] fields) => new(Marker, "", new SourcePosition(row.Number, 0))
    {
        Fields = fields.Where(Has).ToDictionary(f => f, f => new SourcePosition(row.Number, _columns[f]), StringComparer.Ordinal),
    };

    /// <summary>How a cell is named in messages: <c>sheet components, row 7, column G (share)</c>.</summary>
    public string Where(int row, int column)
    {
        var sheet = Sheet is null ? "" : $"sheet {Sheet}, ";
        return column <= 0 ? $"{sheet}row {row}" : $"{sheet}row {row}, column {ColumnName.Of(column)}" + (_names.TryGetValue(column, out var n) ? $" ({n})" : "");
    }

    /// <summary>Where each finding was, by sheet, row and column, so that findings can be listed in that order.</summary>
    public Dictionary<Diagnostic, (int Sheet, int Row, int Column)> Order { get; private init; }

    public int SheetIndex { get; private init; }

    public void Add(string code, int row, int column, string message, string fix, Severity severity = Severity.Error)
    {
        var d = new Diagnostic(severity, code, File, 0, 0, Where(row, column), message, fix);
        _diagnostics.Add(d);
        Order[d] = (SheetIndex, row, column);
    }

    public void Fail(TableRow row, string column, string message, string fix) => Add(DiagnosticCodes.TableBadCell, row.Number, ColumnOf(column), message, fix);

    private TableCell Cell(TableRow row, string column) => _columns.TryGetValue(column, out var c) ? row[c] : default;

    /// <summary>The cell's text, trimmed; null when the column is missing or the cell empty. An error cell is reported.</summary>
    public string? Text(TableRow row, string column)
    {
        var cell = Cell(row, column);
        if (cell.IsError)
        {
            Fail(row, column, $"the cell holds the spreadsheet error '{cell.Text}', not a value.", "Type the value itself, or clear the cell.");
            return null;
        }

        var text = cell.AsText();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Free text (a name, a source, a date), kept as written, edge blanks included; null when blank.</summary>
    public string? Free(TableRow row, string column)
    {
        var cell = Cell(row, column);
        return Text(row, column) is null ? null : cell.Number is null ? cell.Text : cell.AsText();
    }

    /// <summary>A required text: an empty cell is reported.</summary>
    public string? Required(TableRow row, string column, string what)
    {
        var text = Text(row, column);
        if (text is null && !Cell(row, column).IsError)
        {
            Fail(row, column, $"the {column} is missing.", $"Write {what}.");
        }

        return text;
    }

    /// <summary>A number; with <paramref name="share"/>, "37%" reads as 0.37. Out of [min, max] is reported.</summary>
    public double? Number(TableRow row, string column, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool share = false)
    {
        var cell = Cell(row, column);
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }

        double? value = cell.Number is { } n && !cell.IsDate ? n
            : share ? ModelReader.ParseShare(text)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : null;
        var what = share ? "a share from 0 to 1, or a percentage such as 37%" : min >= 0 ? "a number of 0 or more" : "a number";
        if (value is null)
        {
            var comma = text.Contains(',', StringComparison.Ordinal) && !text.Contains('.', StringComparison.Ordinal) ? $" (with a decimal point: {text.Replace(',', '.')})" : "";
            Fail(row, column, $"'{text}' is not a number.", $"Write {what}{comma}.");
            return null;
        }

        if (value < min || value > max)
        {
            Fail(row, column, share ? $"{value.Value.ToString("R", CultureInfo.InvariantCulture)} is not a share: shares run from 0 to 1 (100%)." : $"{value.Value.ToString("R", CultureInfo.InvariantCulture)} is out of range.", $"Write {what}" + (share ? "." : $" from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}."));
            return null;
        }

        return value;
    }

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public int? Int(TableRow row, string column, int min)
    {
        var value = Number(row, column);
        if (value is null)
        {
            return null;
        }

        if (value != Math.Floor(value.Value) || value < min || value > int.MaxValue)
        {
            Fail(row, column, $"{value.Value.ToString("R", CultureInfo.InvariantCulture)} is not a whole number of {min} or more.", $"Write a whole number such as {min}.");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary><c>true</c>, <c>false</c>, <c>yes</c>, <c>no</c>, <c>1</c> or <c>0</c>.</summary>
    public bool? Bool(TableRow row, string column)
    {
        var text = Text(row, column);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "1":
                return true;
            case "false" or "no" or "0":
                return false;
            default:
                Fail(row, column, $"'{text}' is not true or false.", "Write true or false, or leave the cell empty.");
                return null;
        }
    }

    /// <summary>Ids separated by semicolons (or commas); empty when the cell is.</summary>
    public IReadOnlyList<string> List(TableRow row, string column) =>
        Text(row, column) is { } text ? SplitList(text) : [];

    public static IReadOnlyList<string> SplitList(string text) =>
        text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A range <c>[low, high]</c>, also <c>low..high</c>, <c>low-high</c> or <c>low;high</c>, each a share or percentage.</summary>
    public ShareRange? Range(TableRow row, string column)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }

        var inner = text.Trim().TrimStart('[', '(').TrimEnd(']', ')');
        string[] parts = inner.Contains("..", StringComparison.Ordinal) ? inner.Split("..")
            : inner.Contains(';', StringComparison.Ordinal) ? inner.Split(';')
            : inner.Contains(',', StringComparison.Ordinal) ? inner.Split(',')
            : inner.Contains('–', StringComparison.Ordinal) ? inner.Split('–')
            : inner.Split('-');
        if (parts.Length == 2 && ModelReader.ParseShare(parts[0].Trim()) is { } low && ModelReader.ParseShare(parts[1].Trim()) is { } high)
        {
            return new ShareRange(low, high);
        }

        Fail(row, column, $"'{text}' is not a share range.", "Write the low and the high share, such as [0.9, 0.98] or 90%-98%.");
        return null;
    }

    /// <summary>
    /// The requirements: ids separated by semicolons; a group of substitutes as <c>any_of(a;b)</c>, with
    /// <c>/k</c> when k of them are needed (<c>any_of(a;b;c)/2</c>).
    /// </summary>
    public IReadOnlyList<Requirement> Requires(TableRow row, string column)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return [];
        }

        var result = new List<Requirement>();
        var at = new SourcePosition(row.Number, ColumnOf(column));
        var span = new SourceSpan(Marker, "", at) { Fields = new Dictionary<string, SourcePosition>(StringComparer.Ordinal) { ["any_of"] = at, ["k"] = at } };
        foreach (var item in SplitTopLevel(text))
        {
            if (!item.StartsWith("any_of", StringComparison.OrdinalIgnoreCase))
            {
                if (item.IndexOfAny(['(', ')', '/', ' ']) >= 0)
                {
                    Fail(row, column, $"'{item}' is not a component id or a group.", "Separate ids with semicolons; write a group of substitutes as any_of(a;b), with /k when k of them are needed.");
                    return [];
                }

                result.Add(new ComponentRequirement(item) { Span = span });
                continue;
            }

            var open = item.IndexOf('(', StringComparison.Ordinal);
            var close = item.LastIndexOf(')');
            var k = 1;
            var tail = close < 0 ? "" : item[(close + 1)..].Trim();
            var members = open < 0 || close < open ? [] : SplitList(item[(open + 1)..close]);
            var kOk = tail.Length == 0 || (tail.StartsWith('/') && int.TryParse(tail.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out k) && k >= 1);
            if (members.Count == 0 || !kOk || item[6..open].Trim().Length > 0)
            {
                Fail(row, column, $"'{item}' is not a group of substitutes.", "Write any_of(a;b) for one of a and b, or any_of(a;b;c)/2 for two of them.");
                return [];
            }

            result.Add(new AnyOfRequirement(members, k) { Span = span });
        }

        return result;
    }

    /// <summary>The requirements as the table writes them.</summary>
    public static string FormatRequires(IReadOnlyList<Requirement> requires) => string.Join("; ", requires.Select(r => r switch
    {
        AnyOfRequirement g => $"any_of({string.Join("; ", g.Members)})" + (g.K == 1 ? "" : $"/{g.K.ToString(CultureInfo.InvariantCulture)}"),
        _ => string.Join("; ", r.ComponentIds),
    }));

    /// <summary>Splits at semicolons (or commas) outside parentheses.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (depth == 0 && text[i] is ';' or ','))
            {
                var part = text[start..i].Trim();
                if (part.Length > 0)
                {
                    parts.Add(part);
                }

                start = i + 1;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return parts;
    }
}
