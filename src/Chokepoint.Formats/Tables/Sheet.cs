using System.Globalization;
using System.Text;

namespace Chokepoint.Formats.Tables;

/// <summary>
/// One cell as read from a spreadsheet or a CSV file: its text, and its number when the file stored a
/// number (an xlsx numeric cell; CSV cells are always text). <see cref="IsDate"/> marks a number that the
/// workbook formats as a date (Excel stores dates as day numbers); <see cref="IsError"/> a cell that
/// holds a spreadsheet error such as <c>#N/A</c> (its text).
/// </summary>
public readonly record struct TableCell(string Text, double? Number = null, bool IsDate = false, bool IsError = false)
{
    public bool IsEmpty => Number is null && !IsError && string.IsNullOrWhiteSpace(Text);

    /// <summary>A date cell as <c>yyyy-MM-dd</c>, a whole number as its digits, any other cell as its text.</summary>
    public string AsText()
    {
        if (Number is not { } n)
        {
            return (Text ?? "").Trim();
        }

        if (IsDate && n is >= 1 and < 2958466)
        {
            return DateTime.FromOADate(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return n.ToString("R", CultureInfo.InvariantCulture);
    }
}

/// <summary>One row of a sheet: its 1-based row number as the file shows it, and its cells by 1-based column.</summary>
public sealed record TableRow(int Number, IReadOnlyDictionary<int, TableCell> Cells)
{
    public TableCell this[int column] => Cells.TryGetValue(column, out var c) ? c : default;

    public bool IsEmpty => Cells.Values.All(c => c.IsEmpty);
}

/// <summary>A sheet read from a workbook (or a CSV file, which is one unnamed sheet): its rows in file order.</summary>
/// <param name="Name">The sheet's name; null for a CSV file.</param>
/// <param name="Rows">The rows that have any cell, in order.</param>
public sealed record TableSheet(string? Name, IReadOnlyList<TableRow> Rows);

/// <summary>A sheet to write: a header and rows of values (a string, a double, or null for an empty cell).</summary>
/// <param name="Name">The sheet's name (at most 31 characters, as Excel requires).</param>
/// <param name="Header">Column names.</param>
/// <param name="Rows">Values, one array per row, each as long as the header or shorter.</param>
public sealed record OutputSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A file that is not a readable table at all (not a workbook, not CSV, too large); the message names the file.</summary>
public sealed class TableFormatException(string message) : Exception(message)
{
    /// <summary>Refuses a missing file, or one above <paramref name="maxBytes"/>, before anything is read.</summary>
    internal static void CheckSize(string path, long maxBytes, string what, string advice = "")
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TableFormatException($"{path}: no such file.");
        }

        if (info.Length > maxBytes)
        {
            throw new TableFormatException($"{path}: {info.Length:N0} bytes is more than the {maxBytes:N0} {what} may have{advice}.");
        }
    }
}

/// <summary>Spreadsheet column letters: 1 is A, 27 is AA.</summary>
public static class ColumnName
{
    /// <summary>The letters of a 1-based column number.</summary>
    public static string Of(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var sb = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            sb.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return sb.ToString();
    }

    /// <summary>The column number of a cell reference such as <c>G7</c>; null when it does not start with letters or is beyond XFD.</summary>
    public static int? FromReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var n = 0;
        var i = 0;
        for (; i < reference.Length && i < 4 && char.IsAsciiLetter(reference[i]); i++)
        {
            n = (n * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return i == 0 || n > MaxColumn ? null : n;
    }

    /// <summary>Excel's last column, XFD.</summary>
    public const int MaxColumn = 16384;
}
