using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;

namespace Chokepoint.Formats.Tables;

/// <summary>How a table import fills what the table leaves out.</summary>
public sealed record TableImportOptions
{
    /// <summary>
    /// The model the table updates: jurisdictions, organizations, blocs, targets, controls, scenarios,
    /// substitution and actions come from it where the file has no sheet (or column) for them.
    /// </summary>
    public StackModel? Base { get; init; }

    /// <summary>The home, over the model sheet's and the base's.</summary>
    public string? Home { get; init; }
}

/// <summary>What a table import read, and what it had to fill in.</summary>
/// <param name="File">The file read.</param>
/// <param name="Format">xlsx or csv.</param>
/// <param name="SheetsRead">The sheets read, in workbook order (for CSV: the one table, as "components").</param>
/// <param name="SheetsIgnored">Sheets not read: analysis results, or names the importer does not know.</param>
/// <param name="FromBase">The parts taken from the base model because the file has no sheet or column for them.</param>
/// <param name="InferredJurisdictions">Jurisdictions no sheet or base declares, added because the table names them.</param>
/// <param name="InferredOrganizations">Organizations added from the table's org and hq columns.</param>
/// <param name="InferredTargets">Targets added because no sheet or base names any: the components nothing requires.</param>
public sealed record TableImportReport(
    string File,
    string Format,
    IReadOnlyList<string> SheetsRead,
    IReadOnlyList<string> SheetsIgnored,
    IReadOnlyList<string> FromBase,
    IReadOnlyList<string> InferredJurisdictions,
    IReadOnlyList<string> InferredOrganizations,
    IReadOnlyList<string> InferredTargets);

/// <summary>The model a table gives, every finding located at its sheet, row and column, and the report.</summary>
public sealed record TableImportResult(StackModel? Model, IReadOnlyList<Diagnostic> Diagnostics, TableImportReport Report);

/// <summary>
/// A model as a flat supplier table, one row per provider, plus one sheet per other part of the model
/// (jurisdictions, organizations, blocs, targets, controls, scenarios, substitution, actions and the
/// model's own settings), so that a workbook holds the whole model and reads back exactly. A CSV file
/// holds the supplier table alone; the rest comes from a base model or is inferred.
/// </summary>
public static partial class StackTable
{
    public const string ComponentsSheet = "components";

    /// <summary>The supplier table's columns, in the order written: the eleven, then the component's other fields.</summary>
    public static readonly IReadOnlyList<string> ComponentColumns =
        ["component", "layer", "requires", "org", "hq", "jurisdiction", "share", "share_range", "source", "as_of", "threshold",
         "name", "category", "stockpile_months", "component_source", "component_as_of"];

    internal static readonly IReadOnlyList<string> ModelColumns = ["key", "value"];
    internal static readonly IReadOnlyList<string> ModelKeys = ["schema", "name", "home", "share_tolerance", "attribution"];
    internal static readonly IReadOnlyList<string> JurisdictionColumns = ["id", "name", "parent", "restriction_probability", "reach", "reach_layers"];
    internal static readonly IReadOnlyList<string> OrganizationColumns = ["id", "name", "hq", "controlled_by"];
    internal static readonly IReadOnlyList<string> BlocColumns = ["id", "name", "members"];
    internal static readonly IReadOnlyList<string> TargetColumns = ["id", "name", "component"];
    internal static readonly IReadOnlyList<string> ControlColumns = ["name", "by", "targets", "scope_layers", "scope_components", "reach", "reach_layers", "source", "as_of"];
    internal static readonly IReadOnlyList<string> ScenarioColumns = ["name", "restrict", "reach", "scope_layers", "scope_components", "start_month", "home", "target"];
    internal static readonly IReadOnlyList<string> SubstitutionColumns = ["component", "jurisdiction", "share", "lead_time_months", "ramp_months", "cost", "source", "as_of"];
    internal static readonly IReadOnlyList<string> ActionColumns = ["component", "kind", "jurisdiction", "share", "months", "cost", "lead_time_months", "source", "as_of"];

    /// <summary>The data sheets, in the order written.</summary>
    public static readonly IReadOnlyList<string> DataSheets =
        [ComponentsSheet, "jurisdictions", "organizations", "blocs", "targets", "controls", "scenarios", "substitution", "actions", "model"];

    /// <summary>Sheets of analysis results that <c>export xlsx</c> adds; the importer passes over them.</summary>
    public static readonly IReadOnlyList<string> AnalysisSheets = ["dependence by layer", "coalitions", "leverage", "scenario capacities"];

    /// <summary>Written in a control's targets cell for a control on no target at all (an empty cell means every target).</summary>
    internal const string NoTargets = "(none)";

    /// <summary>The table's format by the file's name: xlsx for .xlsx and .xlsm, csv for .csv, .tsv and .txt; else by its first bytes.</summary>
    public static string FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xlsm")
        {
            return "xlsx";
        }

        if (ext is ".csv" or ".tsv" or ".txt")
        {
            return "csv";
        }

        if (ext is ".xls" or ".ods" or ".numbers")
        {
            throw new TableFormatException($"{path}: {ext} files are not read; save the workbook as .xlsx, or export the sheet as CSV.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[2];
            return stream.Read(head) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K' ? "xlsx" : "csv";
        }
        catch (IOException e)
        {
            throw new TableFormatException($"{path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TableFormatException($"{path}: {e.Message}");
        }
    }

    /// <summary>Reads an xlsx workbook or a CSV supplier table as a model.</summary>
    /// <exception cref="TableFormatException">The file is not a readable table; nothing was read.</exception>
    public static TableImportResult Import(string path, TableImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var format = FormatOf(path);
        var sheets = format == "xlsx" ? XlsxWorkbook.Read(path) : [CsvTable.Read(path)];
        return Import(path, format, sheets, options);
    }

    /// <summary>Reads sheets already read from <paramref name="file"/> (for tests and other sources).</summary>
    public static TableImportResult Import(string file, string format, IReadOnlyList<TableSheet> sheets, TableImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(options);
        return new TableImporter(file, format, sheets, options).Run();
    }
}
