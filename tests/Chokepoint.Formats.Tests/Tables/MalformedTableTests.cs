using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Tables;
using Chokepoint.Testing;
using CsCheck;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Chokepoint.Formats.Tests.Tables;

public sealed class MalformedTableTests
{
    private static readonly string[] Header = ["component", "layer", "requires", "org", "hq", "jurisdiction", "share", "share_range", "source", "as_of", "threshold"];

    [Fact]
    public void Every_bad_cell_of_a_csv_table_is_reported_at_its_row_and_column_in_file_order()
    {
        var result = StackTable.Import(Path.Combine(TestPaths.TestModels, "tables", "bad-cells.csv"), new TableImportOptions());

        Assert.Null(result.Model);
        Assert.Equal(
            [
                ("CP050", "row 2, column G (share)"),
                ("CP053", "row 3, column B (layer)"),
                ("CP050", "row 3, column G (share)"),
                ("CP050", "row 4, column H (share_range)"),
                ("CP050", "row 5, column C (requires)"),
                ("CP050", "row 6, column E (hq)"),
                ("CP050", "row 7, column D (org)"),
            ],
            result.Diagnostics.Select(d => (d.Code, d.Path)));
        Assert.Contains("with a decimal point: 0.35", result.Diagnostics[2].Fix, StringComparison.Ordinal);
        Assert.Contains("in row 2", result.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_error_in_a_workbook_points_at_the_sheet_row_and_column_of_the_cell()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "book.xlsx");
        File.WriteAllBytes(path, XlsxWorkbook.Write(
        [
            new OutputSheet("components", Header,
            [
                ["eda", "eda", null, null, null, "US", 0.96],
                ["eda", "eda", null, null, null, "XX", 0.5],
                ["chip", "chip", "eda; euda", "tsmc", "TW", null, 0.9],
            ]),
            new OutputSheet("jurisdictions", ["id", "name"], [["US", "United States"], ["TW", "Taiwan"]]),
            new OutputSheet("targets", ["id", "component"], [["chip", "chip"]]),
        ]));

        var result = StackTable.Import(path, new TableImportOptions());

        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Code, d.Path)).ToList();
        Assert.Contains((DiagnosticCodes.SharesSumAboveOne, "sheet components, row 2"), errors);
        Assert.Contains((DiagnosticCodes.UnknownReference, "sheet components, row 3, column F (jurisdiction)"), errors);
        Assert.Contains((DiagnosticCodes.UnknownReference, "sheet components, row 4, column C (requires)"), errors);
        Assert.All(result.Diagnostics, d => Assert.Equal(path, d.File));
    }

    [Fact]
    public void A_misspelt_column_is_a_warning_with_the_nearest_name_and_a_missing_one_an_error()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "t.csv");
        File.WriteAllText(path, "component,shares,org,hq\neda,0.9,synopsys,US\n");

        var result = StackTable.Import(path, new TableImportOptions());

        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.TableUnknownColumn);
        Assert.Equal("row 1, column B", warning.Path);
        Assert.Contains("'share'", warning.Fix, StringComparison.Ordinal);
        var missing = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.TableMissingColumn);
        Assert.Contains("'layer'", missing.Message, StringComparison.Ordinal);
        Assert.Null(result.Model);
    }

    [Fact]
    public void A_workbook_without_a_supplier_table_says_which_sheet_to_add()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "book.xlsx");
        File.WriteAllBytes(path, XlsxWorkbook.Write([new OutputSheet("Notes", ["text"], [["nothing here"]])]));

        var result = StackTable.Import(path, new TableImportOptions());

        Assert.Null(result.Model);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.TableMissingSheet && d.Message.Contains("'components'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_analysts_own_first_sheet_is_the_supplier_table_whatever_its_name()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "book.xlsx");
        File.WriteAllBytes(path, XlsxWorkbook.Write([new OutputSheet("Suppliers 2024", ["Component", "Layer", "Org", "HQ", "Share"], [["eda", "eda", "synopsys", "US", "31%"]])]));

        var result = StackTable.Import(path, new TableImportOptions());

        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        Assert.Equal(0.31, result.Model.Components[0].Providers[0].Share!.Value, 12);
        Assert.Equal(["Suppliers 2024"], result.Report.SheetsRead);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused_with_its_name()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "book.xlsx");
        File.WriteAllBytes(path, [(byte)'P', (byte)'K', 3, 4, 0, 0, 1, 2, 3]);

        var e = Assert.Throws<TableFormatException>(() => StackTable.Import(path, new TableImportOptions()));

        Assert.StartsWith(path + ": not a readable xlsx workbook", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_semicolon_separated_csv_from_a_european_spreadsheet_reads_like_a_comma_separated_one()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "t.csv");
        File.WriteAllText(path, "\uFEFFcomponent;layer;requires;org;hq;share\nchip;chip;\"eda; ip\";tsmc;TW;0.6\neda;eda;;synopsys;US;31%\nip;ip;;arm;GB;1\n");

        var result = StackTable.Import(path, new TableImportOptions());

        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        Assert.Equal(["eda", "ip"], result.Model.Components[0].Requires.SelectMany(r => r.ComponentIds));
        Assert.Equal("chip", Assert.Single(result.Model.Targets).Component);
    }

    [Fact]
    public void Dates_numbers_and_errors_typed_in_a_spreadsheet_app_read_as_it_shows_them()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "typed.xlsx");
        using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(Header.Select(h => new SharedStringItem(new Text(h))));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            Cell S(string r, int i) => new() { CellReference = r, DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            Cell T(string r, string t) => new() { CellReference = r, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(t)) };
            var header = new Row { RowIndex = 1 };
            header.Append(Header.Select((_, i) => S($"{ColumnName.Of(i + 1)}1", i)));
            var data = new Row { RowIndex = 2 };
            data.Append(T("A2", "eda"), T("B2", "eda"), T("F2", "US"), new Cell { CellReference = "G2", CellValue = new CellValue("0.96") },
                new Cell { CellReference = "J2", StyleIndex = 1, CellValue = new CellValue("45300") });
            var error = new Row { RowIndex = 4 };
            error.Append(T("A4", "eda"), T("F4", "CN"), new Cell { CellReference = "G4", DataType = CellValues.Error, CellValue = new CellValue("#N/A") });
            sheet.Worksheet = new Worksheet(new SheetData(header, data, error));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "components" }));
        }

        var result = StackTable.Import(path, new TableImportOptions());

        var bad = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("sheet components, row 4, column G (share)", bad.Path);
        Assert.Contains("#N/A", bad.Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, XlsxWorkbook.Write([new OutputSheet("components", Header, [["eda", "eda", null, null, null, "US", 0.96, null, "x", 2024.0]])]));
        var clean = StackTable.Import(path, new TableImportOptions());
        Assert.Equal("2024", clean.Model!.Components[0].Providers[0].AsOf);
    }

    [Fact]
    public void Any_text_given_as_a_csv_table_gives_findings_or_a_model_and_never_an_unexpected_exception()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "fuzz.csv");
        var line = Gen.Char["abc,;\t\"()/%.-01 \n\r_xyany_of"].Array[0, 60].Select(a => new string(a));
        Gen.Select(Gen.OneOf(Gen.Const(string.Join(",", Header) + "\n"), Gen.Const("")), line.Array[0, 8]).Sample((head, lines) =>
        {
            File.WriteAllText(path, head + string.Join("\n", lines));
            try
            {
                var result = StackTable.Import(path, new TableImportOptions());
                Assert.True(result.Model is not null || result.Diagnostics.Any(d => d.Severity == Severity.Error));
            }
            catch (TableFormatException)
            {
                // a file that is not CSV at all is refused with its name
            }
        }, iter: 300);
    }

    [Fact]
    public void A_workbook_with_any_bytes_damaged_is_read_or_refused_with_its_name_and_never_crashes()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "fuzz.xlsx");
        var good = XlsxWorkbook.Write(StackTable.Sheets(TableRoundTripTests.Load(Path.Combine(TestPaths.TestModels, "valid", "design-example.yaml"))));
        Gen.Select(Gen.Int[0, good.Length - 1].Array[1, 8], Gen.Byte.Array[8]).Sample((at, values) =>
        {
            var bytes = (byte[])good.Clone();
            for (var i = 0; i < at.Length; i++)
            {
                bytes[at[i]] = values[i];
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                StackTable.Import(path, new TableImportOptions());
            }
            catch (TableFormatException e)
            {
                Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
            }
        }, iter: 300);
    }

    [Fact]
    public void A_dated_as_of_cell_reads_as_an_iso_date() =>
        Assert.Equal("2024-01-10", new TableCell("45301", 45301, IsDate: true).AsText());

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("d/m/yy", true)]
    [InlineData("0.00%", false)]
    [InlineData("\"day\" 0", false)]
    [InlineData("[Red]0.00", false)]
    [InlineData("General", false)]
    public void A_number_format_shows_a_date_when_it_has_a_day_month_or_year_outside_quotes(string code, bool date) =>
        Assert.Equal(date, XlsxWorkbook.IsDateFormat(code));
}
