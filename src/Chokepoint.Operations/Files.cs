using System.Diagnostics;
using System.Numerics;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Eto;
using Chokepoint.Formats.Exports;
using Chokepoint.Formats.Mef;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Reports;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Logic;
using Chokepoint.Logic.Analysis;

namespace Chokepoint.Operations;

/// <summary>
/// <c>fault-tree</c>: an Open-PSA MEF fault tree's minimal cut sets (or prime implicants) by order,
/// its exact top-event probability and its events' importance.
/// </summary>
public static class FaultTreeOperation
{
    /// <summary>Above this many sets, listing them is refused rather than exhausting memory.</summary>
    public const long MaxListedSets = 10_000_000;

    /// <summary>The min-cut upper bound enumerates the sets; it is skipped above this many.</summary>
    public const long MaxSetsForUpperBound = 2_000_000;

    /// <summary>What is computed: everything, the exact probability alone, or the cut sets counted (with the probability) and nothing else.</summary>
    public enum Mode
    {
        /// <summary>Cut sets (counted, listed on request), exact probability, the approximations, importance.</summary>
        Full,

        /// <summary>The exact probability alone: no cut sets, no importance.</summary>
        ProbabilityOnly,

        /// <summary>The cut sets counted by order, and the exact probability: no listing, no importance, no approximations.</summary>
        CountOnly,
    }

    /// <param name="File">The MEF file.</param>
    /// <param name="LimitOrder">Keep only sets of at most this many events.</param>
    /// <param name="CutOff">Drop sets whose probability is below it.</param>
    /// <param name="ListSets">Whether the JSON lists the sets (else counts only).</param>
    /// <param name="PrimeImplicants">Prime implicants (with negated events) instead of minimal cut sets.</param>
    public sealed record Request(string File, int? LimitOrder, Probability? CutOff, bool ListSets, bool PrimeImplicants)
    {
        public Mode Mode { get; init; }
    }

    /// <summary>A run: its request, the model read, the analysis, the time taken.</summary>
    public sealed record Result(Request Request, MefModel Model, FaultTreeResult Analysis, TimeSpan Elapsed)
    {
        /// <summary>The number of cut sets (or prime implicants); null when they were not computed.</summary>
        public BigInteger? Count => Analysis.CutSets?.Count;
    }

    /// <summary>
    /// Reads <c>limit_order</c> (0 or more), <c>cut_off</c> (in [0, 1]), <c>no_cut_sets</c>,
    /// <c>prime_implicants</c>, and the modes <c>probability_only</c> and <c>count_only</c>, which
    /// exclude each other and, for the probability alone, every option about cut sets.
    /// </summary>
    public static Request Read(string file, IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var request = new Request(
            file,
            fields.Int("limit_order", min: 0),
            fields.Share("cut_off") is { } c ? new Probability(c) : null,
            !(fields.Bool("no_cut_sets") ?? false),
            fields.Bool("prime_implicants") ?? false);
        var (probabilityOnly, countOnly) = (fields.Bool("probability_only") ?? false, fields.Bool("count_only") ?? false);
        if (probabilityOnly && countOnly)
        {
            throw fields.Fail("count_only", $"and {fields.Spell("probability_only")} exclude each other: give one.");
        }

        if (probabilityOnly)
        {
            var other = request.LimitOrder is not null ? "limit_order" : request.CutOff is not null ? "cut_off" : request.PrimeImplicants ? "prime_implicants" : null;
            if (other is not null)
            {
                throw fields.Fail(other, $"applies to cut sets, which {fields.Spell("probability_only")} does not compute: leave one of them out.");
            }
        }

        return request with { Mode = probabilityOnly ? Mode.ProbabilityOnly : countOnly ? Mode.CountOnly : Mode.Full, ListSets = request.ListSets && !probabilityOnly && !countOnly };
    }

    /// <exception cref="MefException">The file is not a readable fault tree (the message names file and line).</exception>
    /// <exception cref="AnalysisLimitException">The exact analysis is beyond the memory budget.</exception>
    public static Result Run(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var model = MefReader.ReadFile(request.File);
        var result = FaultTreeAnalyzer.Analyze(model.Graph, new AnalysisOptions
        {
            LimitOrder = request.LimitOrder,
            CutOff = request.CutOff,
            PrimeImplicants = request.PrimeImplicants,
            ComputeCutSets = request.Mode != Mode.ProbabilityOnly,
            ComputeImportance = request.Mode == Mode.Full,
        });
        return new Result(request, model, result, watch.Elapsed);
    }

    /// <summary>The document; listing more than <see cref="MaxListedSets"/> sets is a request to narrow.</summary>
    public static FaultTreeDocument Json(Result r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var family = r.Analysis.CutSets;
        if (r.Request.ListSets && r.Count > MaxListedSets)
        {
            throw new RequestException("no_cut_sets", $"{r.Request.File}: {r.Count:N0} cut sets are too many to list; use --no-cut-sets, --limit-order or --cut-off.");
        }

        return new FaultTreeDocument(
            r.Model.TopEvent,
            r.Model.BasicEventCount,
            r.Model.GateCount,
            family is null ? null : new FaultTreeDocument.FaultTreeCutSetsJson(
                family.Count,
                family.CountByOrder.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => new ExactCount(kv.Value)),
                r.Request.ListSets ? family.ToSortedList().Select(s => (IEnumerable<string>)s.Names) : null),
            r.Analysis.Probability.Value,
            r.Request.Mode != Mode.Full ? null : r.Analysis.Importance.Select(i => new FaultTreeDocument.FaultTreeImportanceJson(i.Event, i.Birnbaum, i.Criticality, i.FussellVesely, i.RiskAchievementWorth, i.RiskReductionWorth)).ToList(),
            Math.Round(r.Elapsed.TotalSeconds, 3));
    }
}

/// <summary>A model built from data users already have, as its text, with the import's report.</summary>
/// <param name="Model">The model.</param>
/// <param name="Text">The model as YAML, or JSON when the output's name ends in .json.</param>
/// <param name="Report">What the import found.</param>
public sealed record Imported<TReport>(StackModel Model, string Text, TReport Report);

/// <summary><c>import cyclonedx</c> and <c>import eto</c>: models from an SBOM or from CSET's ETO tables.</summary>
public static class ImportOperation
{
    public sealed record CycloneDxRequest(string File, string? Home, string? Output);

    public sealed record EtoRequest(string Folder, string? Output);

    /// <summary>Reads <c>home</c>, an ISO 3166 code.</summary>
    public static CycloneDxRequest ReadCycloneDx(string file, string? output, IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var home = fields.String("home");
        return home is not null && !CycloneDxImporter.IsJurisdictionCode(home)
            ? throw fields.Fail("home", $"'{home}' is not an ISO 3166 code such as DE or CN-GD.")
            : new CycloneDxRequest(file, home, output);
    }

    /// <summary>Imports the SBOM; an unreadable one, or a model that does not validate, is a request error and nothing is written.</summary>
    public static Imported<CycloneDxImportDocument> Run(CycloneDxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CycloneDxImportResult result;
        try
        {
            result = CycloneDxImporter.Import(request.File, new CycloneDxImportOptions { Home = request.Home });
        }
        catch (CycloneDxException e)
        {
            throw new RequestException("file", e.Message);
        }

        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        return errors.Count > 0
            ? throw new RequestException("file", $"{request.File}: the imported model does not validate; nothing was written.") { Diagnostics = errors }
            : new Imported<CycloneDxImportDocument>(result.Model, Text(result.Model, request.Output), CycloneDxImportDocument.From(result.Report, request.Output));
    }

    /// <summary>Imports the ETO tables of <see cref="EtoRequest.Folder"/>; data problems are warnings in the report.</summary>
    public static Imported<EtoImportDocument> Run(EtoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Directory.Exists(request.Folder))
        {
            throw new RequestException("folder", $"{request.Folder}: no such folder.");
        }

        ImportResult result;
        try
        {
            result = EtoImporter.Import(request.Folder);
        }
        catch (EtoFormatException e)
        {
            throw new RequestException("folder", e.Message);
        }
        catch (Sylvan.Data.Csv.CsvFormatException e)
        {
            throw new RequestException("folder", $"{request.Folder}: malformed CSV: {e.Message}");
        }

        var errors = ModelValidator.Validate(result.Model).Where(d => d.Severity == Severity.Error).ToList();
        return errors.Count > 0
            ? throw new RequestException("folder", $"the imported model does not validate ({errors.Count} errors); nothing was written.") { Diagnostics = errors.Take(20).ToList() }
            : new Imported<EtoImportDocument>(result.Model, Text(result.Model, request.Output), EtoImportDocument.From(result.Report, request.Output));
    }

    private static string Text(StackModel model, string? output) =>
        output?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? ModelWriter.ToJson(model) : ModelWriter.ToYaml(model);
}

/// <summary><c>export mef|dot|csv</c>: a stack compiled for a home, in the formats colleagues' tools read.</summary>
public static class ExportOperation
{
    public static readonly IReadOnlyList<string> Formats = ["mef", "dot", "csv"];

    public sealed record Request(string Format, AnalysisRequest Analysis);

    /// <summary>The texts written: one unnamed text for mef and dot, three named files for csv.</summary>
    public sealed record Result(string Format, string Home, string TargetId, IReadOnlyList<(string? Name, string Text)> Files);

    public static Request Read(string format, IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Formats.Contains(format, StringComparer.Ordinal) ? new Request(format, StackRequests.Analysis(fields))
            : throw fields.Fail("format", $"'{format}' is not an export format: use mef, dot or csv.");
    }

    public static Result Run(StackModel model, Request request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var analysis = HomeAnalysis.Run(model, request.Analysis);
        var stack = new CompiledStack(Perspective.Create(model, request.Analysis.Perspective), analysis.TargetComponent);
        IReadOnlyList<(string?, string)> files = request.Format switch
        {
            "mef" => [(null, Mef(analysis, stack))],
            "dot" => [(null, StackExports.Dot(model, analysis, stack))],
            _ => StackExports.Csv(model, analysis, stack).Select(f => ((string?)f.Name, f.Text)).ToList(),
        };
        return new Result(request.Format, analysis.Home, analysis.TargetId, files);
    }

    public static ExportDocument Json(Result result, string? output)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExportDocument(result.Format, output, result.Home, result.TargetId);
    }

    private static string Mef(HomeAnalysisResult analysis, CompiledStack stack)
    {
        var (probabilities, _) = HomeAnalysis.EventProbabilities(stack.Perspective, new Dictionary<string, Probability>());
        var compiled = FailureCompiler.Compile(stack, stack.IndexOf(analysis.TargetComponent), probabilities);
        return MefWriter.Write(compiled.Graph, $"{analysis.TargetId}-cut-for-{analysis.Home}");
    }
}

/// <summary><c>report</c>: one self-contained HTML report of a stack for a home.</summary>
public static class ReportOperation
{
    public const int DefaultMonths = 60;

    /// <summary>Reads the analysis, <c>homes</c> for the heat map and <c>months</c> of the recovery charts (default 60).</summary>
    public static ReportRequest Read(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new ReportRequest
        {
            Analysis = StackRequests.Analysis(fields),
            Homes = fields.List("homes") ?? [],
            Months = fields.Int("months", min: 0, max: 1200) ?? DefaultMonths,
        };
    }

    /// <summary>The HTML of the report of <paramref name="model"/>, titled by <paramref name="name"/>.</summary>
    public static string Run(StackModel model, string name, ReportRequest request) => HtmlReport.Write(model, name, request);

    public static ReportDocument Json(string output, string html) => new(output, System.Text.Encoding.UTF8.GetByteCount(html));
}
