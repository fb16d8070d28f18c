using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using XRow = DocumentFormat.OpenXml.Spreadsheet.Row;

namespace Chokepoint.Formats.Tables;

/// <summary>
/// Reads and writes xlsx workbooks with the Open XML SDK. Reading streams each worksheet row by row,
/// keeps every cell's row and column for located errors, and is bounded: a file above
/// <see cref="MaxFileBytes"/> or a part above <see cref="MaxCharactersInPart"/> (a zip bomb) is refused.
/// Writing is deterministic: the same sheets give the same bytes.
/// </summary>
public static class XlsxWorkbook
{
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The largest XML part read, in characters, once decompressed.</summary>
    public const long MaxCharactersInPart = 256L * 1024 * 1024;

    /// <summary>Every zip entry gets this time, so that writing is deterministic.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The workbook's sheets in workbook order, with the rows that have any cell.</summary>
    /// <exception cref="TableFormatException">The file is not a readable xlsx workbook; the message names the file.</exception>
    public static IReadOnlyList<TableSheet> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TableFormatException.CheckSize(path, MaxFileBytes, "an xlsx workbook", "; split it, or use CSV");

        try
        {
            using var stream = File.OpenRead(path);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var workbook = document.WorkbookPart ?? throw new TableFormatException($"{path}: the file is a package but holds no workbook; save it from a spreadsheet app as .xlsx.");
            var strings = SharedStrings(workbook);
            var dates = DateStyles(workbook);
            var sheets = new List<TableSheet>();
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || !workbook.TryGetPartById(id, out var part) || part is not WorksheetPart worksheet)
                {
                    continue; // a chart sheet or a dangling entry holds no table
                }

                sheets.Add(new TableSheet(sheet.Name?.Value ?? "", Rows(worksheet, strings, dates)));
            }

            return sheets;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or InvalidOperationException or NotSupportedException or IOException or FormatException or ArgumentException)
        {
            var why = e.Message.Contains("MaxCharactersInPart", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase)
                ? $"a part of it holds more than {MaxCharactersInPart:N0} characters"
                : e.Message.TrimEnd('.');
            throw new TableFormatException($"{path}: not a readable xlsx workbook ({why}); save it from a spreadsheet app as .xlsx, or export it as CSV.");
        }
    }

    /// <summary>The workbook of <paramref name="sheets"/>: a bold, frozen header row with filters, numbers as numbers, text as text.</summary>
    public static byte[] Write(IReadOnlyList<OutputSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
            var list = workbook.Workbook.AppendChild(new Sheets());
            for (var i = 0; i < sheets.Count; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>($"rIdSheet{i + 1}");
                part.Worksheet = Worksheet(sheets[i]);
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheets[i].Name });
            }
        }

        return Deterministic(package);
    }

    private static Worksheet Worksheet(OutputSheet sheet)
    {
        var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
        var widths = sheet.Header.Select(h => (double)h.Length).ToArray();
        data.Append(RowOf(1, sheet.Header.Cast<object?>().ToList(), header: true, widths));
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            data.Append(RowOf(r + 2, sheet.Rows[r], header: false, widths));
        }

        var columns = new Columns();
        for (var c = 0; c < widths.Length; c++)
        {
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Math.Clamp(widths[c] + 2, 8, 60), CustomWidth = true });
        }

        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        var worksheet = new Worksheet(new SheetViews(view));
        if (widths.Length > 0)
        {
            worksheet.Append(columns);
        }

        worksheet.Append(data);
        if (sheet.Header.Count > 0)
        {
            worksheet.Append(new AutoFilter { Reference = $"A1:{ColumnName.Of(sheet.Header.Count)}{sheet.Rows.Count + 1}" });
        }

        return worksheet;
    }

    private static XRow RowOf(int number, IReadOnlyList<object?> values, bool header, double[] widths)
    {
        var row = new XRow { RowIndex = (uint)number };
        for (var c = 0; c < values.Count; c++)
        {
            var reference = ColumnName.Of(c + 1) + number.ToString(CultureInfo.InvariantCulture);
            switch (values[c])
            {
                case null:
                    break;
                case double d when double.IsFinite(d):
                    row.Append(new XCell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)) });
                    Widen(widths, c, 8);
                    break;
                case var v:
                    var text = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
                    var cell = new XCell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Escape(text)) { Space = SpaceProcessingModeValues.Preserve }) };
                    if (header)
                    {
                        cell.StyleIndex = 1;
                    }

                    row.Append(cell);
                    Widen(widths, c, text.Length);
                    break;
            }
        }

        return row;
    }

    private static void Widen(double[] widths, int column, int length)
    {
        if (column < widths.Length)
        {
            widths[column] = Math.Max(widths[column], length);
        }
    }

    /// <summary>The package again with every entry dated <see cref="EntryTime"/>, so equal sheets give equal bytes.</summary>
    private static byte[] Deterministic(MemoryStream package)
    {
        package.Position = 0;
        using var output = new MemoryStream();
        using (var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return strings;
    }

    /// <summary>Plain text, or the runs' text; phonetic guides (<c>rPh</c>) are not part of the value.</summary>
    private static string TextOf(OpenXmlElement item)
    {
        var text = item.GetFirstChild<Text>();
        if (text is not null)
        {
            return Unescape(text.Text);
        }

        var sb = new StringBuilder();
        foreach (var run in item.Elements<Run>())
        {
            sb.Append(run.Text?.Text);
        }

        return Unescape(sb.ToString());
    }

    /// <summary>The cell-format indexes whose number format shows a date.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is not { } formats)
        {
            return result;
        }

        var custom = (stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "");
        uint index = 0;
        foreach (var format in formats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDate(id))
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }

    private static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A format code shows a date when, outside quoted text, brackets and escapes, it has a day, month or year part.</summary>
    public static bool IsDateFormat(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            if (quoted)
            {
                quoted = ch != '"';
            }
            else if (bracket)
            {
                bracket = ch != ']';
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == '[')
            {
                bracket = true;
            }
            else if (ch is '\\' or '_' or '*')
            {
                i++;
            }
            else if (ch is 'd' or 'D' or 'm' or 'M' or 'y' or 'Y')
            {
                return true;
            }
        }

        return false;
    }

    private static List<TableRow> Rows(WorksheetPart worksheet, List<string> strings, HashSet<uint> dates)
    {
        var rows = new List<TableRow>();
        var previous = 0;
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (!reader.IsStartElement || reader.ElementType != typeof(XRow))
            {
                continue;
            }

            var row = (XRow)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } n and > 0 and <= int.MaxValue ? (int)n : previous + 1;
            previous = number;
            var cells = new Dictionary<int, TableCell>();
            var column = 0;
            foreach (var cell in row.Elements<XCell>())
            {
                column = ColumnName.FromReference(cell.CellReference?.Value) ?? column + 1;
                var value = Value(cell, strings, dates);
                if (!value.IsEmpty)
                {
                    cells[column] = value;
                }
            }

            if (cells.Count > 0)
            {
                rows.Add(new TableRow(number, cells));
            }
        }

        return rows;
    }

    private static TableCell Value(XCell cell, List<string> strings, HashSet<uint> dates)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? new TableCell(strings[i]) : new TableCell(raw, IsError: true);
        }

        if (type == CellValues.InlineString)
        {
            return new TableCell(cell.InlineString is { } inline ? TextOf(inline) : "");
        }

        if (type == CellValues.Boolean)
        {
            return new TableCell(raw == "1" ? "true" : "false");
        }

        if (type == CellValues.Error)
        {
            return new TableCell(raw, IsError: true);
        }

        if (type == CellValues.String || type == CellValues.Date)
        {
            return new TableCell(Unescape(raw));
        }

        if (raw.Length == 0)
        {
            return cell.CellFormula is not null ? new TableCell("(a formula with no saved value)", IsError: true) : default;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? new TableCell(raw, number, cell.StyleIndex?.Value is { } s && dates.Contains(s))
            : new TableCell(raw, IsError: true);
    }

    /// <summary>
    /// OOXML writes a character that XML cannot hold as <c>_xHHHH_</c>; so a literal <c>_x</c> that
    /// would read as such an escape is written as <c>_x005F_x</c>.
    /// </summary>
    private static string Escape(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var invalid = (ch < 0x20 && ch is not '\t' and not '\n' and not '\r') || ch is '\uFFFE' or '\uFFFF'
                || (char.IsSurrogate(ch) && !(char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) && !(char.IsLowSurrogate(ch) && i > 0 && char.IsHighSurrogate(text[i - 1])));
            var escapeLike = ch == '_' && IsEscapeAt(text, i);
            if (!invalid && !escapeLike)
            {
                sb?.Append(ch);
                continue;
            }

            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(CultureInfo.InvariantCulture, $"_x{(int)ch:X4}_");
        }

        return sb?.ToString() ?? text;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscapeAt(text, i))
            {
                sb.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private static bool IsEscapeAt(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3]) && char.IsAsciiHexDigit(text[i + 4]) && char.IsAsciiHexDigit(text[i + 5]);
}
