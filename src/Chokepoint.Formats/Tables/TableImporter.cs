using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;

namespace Chokepoint.Formats.Tables;

/// <summary>
/// One table import: finds the sheets, reads each into records, fills what the file lacks from the
/// base model or by inference, validates, and places every finding back at its sheet, row and column.
/// </summary>
internal sealed partial class TableImporter(string file, string format, IReadOnlyList<TableSheet> sheets, TableImportOptions options)
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, TableCells> _markers = new(StringComparer.Ordinal);
    private readonly List<string> _read = [];
    private readonly List<string> _ignored = [];
    private readonly List<string> _fromBase = [];
    private readonly StackModel? _base = options.Base;

    public TableImportResult Run()
    {
        var found = FindSheets();
        var components = found.TryGetValue(StackTable.ComponentsSheet, out var c) ? ReadComponents(c) : null;
        if (components is null)
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.TableMissingSheet, file, 0, 0, "",
                "the workbook has no 'components' sheet: the supplier table, one row per provider.",
                $"Name the supplier table's sheet 'components'; its columns are {string.Join(", ", StackTable.ComponentColumns.Take(11))}."));
            return Result(null);
        }

        var model = Assemble(found, components);
        if (_diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return Result(null);
        }

        foreach (var d in ModelValidator.Validate(model))
        {
            _diagnostics.Add(Place(d));
        }

        return Result(model);
    }

    private readonly Dictionary<Diagnostic, (int, int, int)> _order = new(ReferenceEqualityComparer.Instance);

    private int Index(TableSheet sheet)
    {
        for (var i = 0; i < sheets.Count; i++)
        {
            if (ReferenceEquals(sheets[i], sheet))
            {
                return i;
            }
        }

        return sheets.Count;
    }

    /// <summary>Findings in the order of the file: by sheet, row and column; those of no cell first.</summary>
    private TableImportResult Result(StackModel? model) => new(model, _diagnostics.OrderBy(d => _order.TryGetValue(d, out var at) ? at : (-1, 0, 0)).ToList(),
        new TableImportReport(file, format, _read, _ignored, _fromBase, _inferredJurisdictions, _inferredOrganizations, _inferredTargets));

    private readonly List<string> _inferredJurisdictions = [];
    private readonly List<string> _inferredOrganizations = [];
    private readonly List<string> _inferredTargets = [];

    /// <summary>The data sheets by kind. A CSV file is the supplier table; a workbook without a components sheet may have it first, under another name.</summary>
    private Dictionary<string, TableSheet> FindSheets()
    {
        var found = new Dictionary<string, TableSheet>(StringComparer.Ordinal);
        if (format == "csv")
        {
            found[StackTable.ComponentsSheet] = sheets[0];
            _read.Add(StackTable.ComponentsSheet);
            return found;
        }

        foreach (var sheet in sheets)
        {
            var name = TableCells.Normalize(sheet.Name ?? "");
            var kind = StackTable.DataSheets.FirstOrDefault(k => k == name || (k == "substitution" && name == "substitutions"));
            if (kind is not null && !found.ContainsKey(kind))
            {
                found[kind] = sheet;
                _read.Add(sheet.Name!);
            }
            else if (StackTable.AnalysisSheets.Any(a => TableCells.Normalize(a) == name) || name == TableCells.Normalize(StackTable.ReadMeSheet) || kind is not null)
            {
                _ignored.Add(sheet.Name!);
            }
            else
            {
                _ignored.Add(sheet.Name!);
                if (sheet.Rows.Count > 0 && sheets[0] != sheet)
                {
                    var near = Suggest.Nearest(name, StackTable.DataSheets);
                    _diagnostics.Add(new Diagnostic(Severity.Warning, DiagnosticCodes.TableUnknownSheet, file, 0, 0, $"sheet {sheet.Name}",
                        "the sheet is not one the importer reads, so it is ignored.",
                        near is null ? $"The sheets read are: {string.Join(", ", StackTable.DataSheets)}." : $"Did you mean '{near}'?"));
                }
            }
        }

        // An analyst's own workbook: the first sheet, whatever its name, when its header has a component column.
        if (!found.ContainsKey(StackTable.ComponentsSheet) && sheets.Count > 0 && sheets[0].Rows.Count > 0
            && sheets[0].Rows[0].Cells.Values.Any(v => TableCells.Normalize(v.AsText()) == "component"))
        {
            found[StackTable.ComponentsSheet] = sheets[0];
            _ignored.Remove(sheets[0].Name!);
            _read.Insert(0, sheets[0].Name!);
        }

        return found;
    }

    private TableCells Open(TableSheet sheet, IReadOnlyList<string> known, params string[] required)
    {
        var marker = $"{file}\u001f{sheet.Name}";
        var cells = TableCells.Open(file, sheet, marker, known, required, _diagnostics, _order, Index(sheet));
        _markers[marker] = cells;
        return cells;
    }

    /// <summary>A validation finding on a record read from a sheet, placed at the record's sheet, row and column.</summary>
    private Diagnostic Place(Diagnostic d) =>
        d.File is { } f && _markers.TryGetValue(f, out var cells)
            ? Placed(d with { File = file, Line = 0, Column = 0, Path = cells.Where(d.Line, d.Column) }, (cells.SheetIndex, d.Line, d.Column))
            : d;

    private Diagnostic Placed(Diagnostic d, (int, int, int) at)
    {
        _order[d] = at;
        return d;
    }

    // ---------------------------------------------------------------- components

    private sealed class ComponentRows(string id, TableRow first)
    {
        public string Id { get; } = id;
        public TableRow First { get; } = first;
        public Dictionary<string, (object Value, int Row)> Values { get; } = new(StringComparer.Ordinal);
        public List<Provider> Providers { get; } = [];
    }

    private sealed record Parsed(List<ComponentRows> Components, TableCells Cells, Dictionary<string, (string Hq, TableRow Row)> Hqs, List<(string Org, TableRow Row)> OrgsWithoutHq);

    private Parsed? ReadComponents(TableSheet sheet)
    {
        var cells = Open(sheet, StackTable.ComponentColumns, "component", "layer");
        if (!cells.Has("component"))
        {
            return new Parsed([], cells, [], []);
        }

        var list = new List<ComponentRows>();
        var byId = new Dictionary<string, ComponentRows>(StringComparer.Ordinal);
        var hqs = new Dictionary<string, (string, TableRow)>(StringComparer.Ordinal);
        var withoutHq = new List<(string, TableRow)>();
        foreach (var row in cells.Rows)
        {
            var id = cells.Required(row, "component", "the component's id, such as logic-7nm");
            if (id is null)
            {
                continue;
            }

            if (!byId.TryGetValue(id, out var rows))
            {
                rows = new ComponentRows(id, row);
                byId[id] = rows;
                list.Add(rows);
            }

            Keep(cells, rows, row, "layer", cells.Text(row, "layer"));
            var requires = cells.Requires(row, "requires");
            Keep(cells, rows, row, "requires", requires.Count == 0 ? null : new RequiresValue(requires));
            Keep(cells, rows, row, "threshold", cells.Number(row, "threshold", 0, 1, share: true));
            Keep(cells, rows, row, "name", cells.Free(row, "name"));
            Keep(cells, rows, row, "category", cells.Text(row, "category"));
            Keep(cells, rows, row, "stockpile_months", cells.Number(row, "stockpile_months", min: 0));
            Keep(cells, rows, row, "component_source", cells.Free(row, "component_source"));
            Keep(cells, rows, row, "component_as_of", cells.Free(row, "component_as_of"));

            var org = cells.Text(row, "org");
            var jurisdiction = cells.Text(row, "jurisdiction");
            var share = cells.Number(row, "share", 0, 1, share: true);
            var range = cells.Range(row, "share_range");
            var source = cells.Free(row, "source");
            var asOf = cells.Free(row, "as_of");
            var hq = cells.Text(row, "hq");
            if (org is null && jurisdiction is null)
            {
                if (share is not null || range is not null || source is not null || asOf is not null || hq is not null)
                {
                    cells.Fail(row, "org", "the row gives a provider's figures but not who provides: neither org nor jurisdiction is filled in.",
                        "Write the provider's org (with its hq), or the jurisdiction where production happens.");
                }

                continue;
            }

            rows.Providers.Add(new Provider
            {
                Org = org,
                Jurisdiction = jurisdiction,
                Share = share,
                ShareRange = range,
                Source = source,
                AsOf = asOf,
                Span = cells.Span(row, "org", "jurisdiction", "share", "share_range", "source", "as_of"),
            });
            if (org is not null && hq is not null)
            {
                if (hqs.TryGetValue(org, out var seen) && seen.Item1 != hq)
                {
                    cells.Add(DiagnosticCodes.TableRowsDisagree, row.Number, cells.ColumnOf("hq"), $"org {org} has hq {hq} here but {seen.Item1} in row {seen.Item2.Number}.",
                        "Give every row of one org the same hq (or leave the cell empty on all but one row).");
                }
                else
                {
                    hqs.TryAdd(org, (hq, row));
                }
            }
            else if (org is not null)
            {
                withoutHq.Add((org, row));
            }
        }

        foreach (var rows in list.Where(r => !r.Values.ContainsKey("layer")))
        {
            cells.Fail(rows.First, "layer", $"component {rows.Id} has no layer on any of its rows.", "Write its layer, such as fabrication, chip, os or app.");
        }

        return new Parsed(list, cells, hqs, withoutHq);
    }

    /// <summary>Requirements compared by how the table writes them.</summary>
    private sealed record RequiresValue(IReadOnlyList<Requirement> Requires)
    {
        public string Text { get; } = TableCells.FormatRequires(Requires);

        public bool Equals(RequiresValue? other) => other is not null && other.Text == Text;

        public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>A component's value, from its first row that has one; a later row with another value is reported.</summary>
    private static void Keep(TableCells cells, ComponentRows rows, TableRow row, string column, object? value)
    {
        if (value is null)
        {
            return;
        }

        if (!rows.Values.TryGetValue(column, out var seen))
        {
            rows.Values[column] = (value, row.Number);
        }
        else if (!seen.Value.Equals(value))
        {
            cells.Add(DiagnosticCodes.TableRowsDisagree, row.Number, cells.ColumnOf(column),
                $"component {rows.Id} has {column} {Show(value)} here but {Show(seen.Value)} in row {seen.Row}.",
                $"Give every row of {rows.Id} the same {column}, or leave the cell empty on all but one row.");
        }
    }

    private static string Show(object value) => value switch
    {
        RequiresValue r => $"'{r.Text}'",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => $"'{value}'",
    };
}
