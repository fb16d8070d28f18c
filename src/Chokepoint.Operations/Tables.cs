using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Formats.Tables;

namespace Chokepoint.Operations;

/// <summary>
/// <c>import table</c>, <c>export xlsx</c> and <c>export table</c>: a model to and from the spreadsheets
/// analysts keep their supplier data in.
/// </summary>
public static class TableOperation
{
    /// <param name="File">The xlsx workbook or CSV table.</param>
    /// <param name="Base">The model the table updates, already loaded (null: none).</param>
    /// <param name="Home">The home, over the file's and the base's.</param>
    /// <param name="Output">Where the model goes (.json for JSON), for the report and the format.</param>
    public sealed record ImportRequest(string File, StackModel? Base, string? Home, string? Output);

    /// <summary>Reads <c>home</c>.</summary>
    public static ImportRequest ReadImport(string file, StackModel? baseModel, string? output, IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new ImportRequest(file, baseModel, fields.String("home"), output);
    }

    /// <summary>Reads the table; any bad cell (each located at sheet, row and column) is a request error and nothing is written.</summary>
    public static Imported<TableImportDocument> Import(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TableImportResult result;
        try
        {
            result = StackTable.Import(request.File, new TableImportOptions { Base = request.Base, Home = request.Home });
        }
        catch (TableFormatException e)
        {
            throw new RequestException("file", e.Message);
        }

        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        if (errors.Count > 0 || result.Model is null)
        {
            throw new RequestException("file", $"{request.File}: {errors.Count} {(errors.Count == 1 ? "cell needs" : "cells need")} fixing (listed above); nothing was written.") { Diagnostics = errors };
        }

        var model = result.Model;
        var r = result.Report;
        var document = new TableImportDocument(r.File, r.Format, request.Output, r.SheetsRead, r.SheetsIgnored, model.Components.Count,
            model.Components.Sum(c => c.Providers.Count), model.Organizations.Count, model.Jurisdictions.Count, model.Targets.Count,
            r.FromBase, r.InferredJurisdictions, r.InferredOrganizations, r.InferredTargets,
            result.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(DiagnosticJson.From).ToList());
        var text = request.Output?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? ModelWriter.ToJson(model) : ModelWriter.ToYaml(model);
        return new Imported<TableImportDocument>(model, text, document);
    }

    /// <summary>What an export wrote: the bytes, and the home and target of its analysis sheets.</summary>
    public sealed record ExportResult(byte[] Bytes, string Home, string TargetId);

    /// <summary>
    /// The whole model as a workbook that <see cref="Import"/> reads back exactly, plus one sheet per
    /// analysis for the request's home and target: dependence by layer, coalitions, leverage and the
    /// capacities under each saved scenario.
    /// </summary>
    public static ExportResult Xlsx(StackModel model, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var analysis = HomeAnalysis.Run(model, request);
        var sheets = StackTable.Sheets(model).Concat(AnalysisSheets(model, request, analysis)).ToList();
        return new ExportResult(XlsxWorkbook.Write(sheets), analysis.Home, analysis.TargetId);
    }

    /// <summary>The supplier table alone, as CSV: what <c>import table --base MODEL</c> reads back onto the model.</summary>
    public static string Csv(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return CsvTable.Write(StackTable.Components(model));
    }

    private static IEnumerable<OutputSheet> AnalysisSheets(StackModel model, AnalysisRequest request, HomeAnalysisResult a)
    {
        static object? Num(double? d) => d is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;
        var names = StackTable.AnalysisSheets;
        yield return new OutputSheet(names[0], ["home", "target", "layer", "components", "foreign_share", "without_domestic_provider"],
            a.Layers.Select(l => (IReadOnlyList<object?>)[a.Home, a.TargetId, l.Layer, (double)l.Components, Num(l.ForeignShare), (double)l.WithoutDomesticProvider]).ToList());
        yield return new OutputSheet(names[1], ["home", "target", "order", "coalition", "breaks", "probability"],
            a.Coalitions.Select(c => (IReadOnlyList<object?>)[a.Home, a.TargetId, (double)c.Coalition.Order, string.Join("; ", c.Coalition.Members), string.Join("; ", c.Breaks), Num(c.Probability)]).ToList());
        yield return new OutputSheet(names[2], ["home", "target", a.EventKind == EventKind.Firms ? "firm" : "jurisdiction", "cuts_alone", "capacity_after", "retained", "capacity_loss", "smallest_coalition"],
            HomeAnalysis.RankLeverage(a.Leverage).Select(l => (IReadOnlyList<object?>)[a.Home, a.TargetId, l.Event, l.CutPower ? "yes" : "no", Num(l.CapacityAfter), Num(l.Retained), Num(l.CapacityLoss), l.SmallestCoalition is { } n ? (double)n : null]).ToList());
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var saved in model.Scenarios)
        {
            ScenarioResult r;
            try
            {
                r = ScenarioAnalysis.Run(model, ScenarioSpec.From(saved, request.Perspective, request.Target));
            }
            catch (PerspectiveException e)
            {
                rows.Add([saved.Name, null, null, null, null, null, null, null, null, e.Message]);
                continue;
            }

            var failed = r.Failed.ToHashSet(StringComparer.Ordinal);
            var target = HomeAnalysis.ResolveTarget(model, r.Target).ComponentId;
            foreach (var c in model.Components.Where(c => r.Capacity.ContainsKey(c.Id)))
            {
                var baseline = r.BaselineCapacity[c.Id];
                rows.Add([r.Name, r.Home, r.Target, c.Id, c.Layer, Num(r.Capacity[c.Id]), Num(baseline), Num(Retained.Of(r.Capacity[c.Id], baseline)), failed.Contains(c.Id) ? "yes" : "no", c.Id == target ? "the target" : null]);
            }
        }

        yield return new OutputSheet(names[3], ["scenario", "home", "target", "component", "layer", "capacity", "normal_capacity", "retained", "failed", "note"], rows);
    }
}
