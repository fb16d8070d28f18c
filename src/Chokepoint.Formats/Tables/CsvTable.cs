using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace Chokepoint.Formats.Tables;

/// <summary>
/// Reads and writes one table as CSV (RFC 4180). Reading takes a comma, semicolon or tab as the
/// delimiter, whichever the header row uses (spreadsheet apps in many locales save with semicolons),
/// and counts rows as a spreadsheet app shows them: the header is row 1.
/// </summary>
public static class CsvTable
{
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The longest record read, in characters.</summary>
    public const int MaxRecordCharacters = 4 * 1024 * 1024;

    /// <exception cref="TableFormatException">The file is missing, too large or not CSV; the message names the file.</exception>
    public static TableSheet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TableFormatException.CheckSize(path, MaxFileBytes, "a CSV table");

        var rows = new List<TableRow>();
        try
        {
            using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = false,
                Delimiter = Delimiter(path),
                MaxBufferSize = MaxRecordCharacters,
            });
            var number = 0;
            while (reader.Read())
            {
                number++;
                var cells = new Dictionary<int, TableCell>();
                for (var c = 0; c < reader.RowFieldCount; c++)
                {
                    var value = reader.GetString(c);
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        cells[c + 1] = new TableCell(value);
                    }
                }

                if (cells.Count > 0)
                {
                    rows.Add(new TableRow(number, cells));
                }
            }
        }
        catch (Exception e) when (e is CsvFormatException or CsvRecordTooLargeException or DecoderFallbackException or IOException)
        {
            throw new TableFormatException($"{path}: not readable as CSV ({e.Message.TrimEnd('.')}); save it from a spreadsheet app as CSV (UTF-8).");
        }

        return new TableSheet(null, rows);
    }

    /// <summary>The delimiter of the first line: the one of comma, semicolon and tab that it uses most, outside quotes.</summary>
    private static char Delimiter(string path)
    {
        using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var n = text.ReadBlock(buffer, 0, buffer.Length);
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        for (var i = 0; i < n; i++)
        {
            var ch = buffer[i];
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                comma += ch == ',' ? 1 : 0;
                semicolon += ch == ';' ? 1 : 0;
                tab += ch == '\t' ? 1 : 0;
            }
        }

        return semicolon > comma && semicolon >= tab ? ';' : tab > comma ? '\t' : ',';
    }

    /// <summary>The sheet as CSV: comma-separated, a field quoted when it holds a comma, quote, line break or edge blank.</summary>
    public static string Write(OutputSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var sb = new StringBuilder();
        Line(sb, sheet.Header.Cast<object?>().ToList());
        foreach (var row in sheet.Rows)
        {
            Line(sb, row);
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, IReadOnlyList<object?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var text = values[i] switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            };
            var quote = text.Length > 0 && (text.AsSpan().IndexOfAny(",\"\n\r;\t") >= 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
            sb.Append(quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text);
        }

        sb.Append('\n');
    }
}
