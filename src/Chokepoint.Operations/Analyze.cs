using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Operations;

/// <summary><c>analyze</c>: the main analysis of a stack for a home, with Monte Carlo bands on request.</summary>
public static class AnalyzeOperation
{
    public sealed record Request(AnalysisRequest Analysis, SamplingRequest Sampling);

    public sealed record Result(string? ModelName, HomeAnalysisResult Analysis, AnalysisBands? Bands);

    public static Request Read(IRequestFields fields) => new(StackRequests.Analysis(fields), SamplingRequest.Read(fields));

    public static Result Run(StackModel model, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var result = HomeAnalysis.Run(model, request.Analysis);
        var bands = request.Sampling.Bands((n, seed) => UncertaintyAnalysis.Analysis(model, request.Analysis, n, seed, progress, cancel));
        return new Result(model.Name, result, bands);
    }

    public static AnalyzeDocument Json(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AnalyzeDocument.From(result.ModelName, result.Analysis, result.Bands);
    }
}

/// <summary><c>chokepoints</c>: the minimal coalitions that cut the target, smallest first.</summary>
public static class ChokepointsOperation
{
    public sealed record Result(AnalysisRequest Request, string Home, string TargetId, string ComponentId, IReadOnlyList<string> Events, CutSetResult CutSets, IReadOnlyList<string> EventsWithoutProbability, IReadOnlyList<ControlInForce> Controls);

    public static AnalysisRequest Read(IRequestFields fields) => StackRequests.Analysis(fields);

    public static Result Run(StackModel model, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var (targetId, componentId) = HomeAnalysis.ResolveTarget(model, request.Target);
        var perspective = Perspective.Create(model, request.Perspective);
        var stack = new CompiledStack(perspective, componentId);
        var (probabilities, missing) = HomeAnalysis.EventProbabilities(perspective, request.Probabilities);
        var result = CutSetAnalysis.Run(stack, stack.IndexOf(componentId), request.MaxOrder, probabilities);
        return new Result(request, perspective.Home, targetId, componentId, perspective.Events, result, missing, stack.ControlsInForce);
    }

    public static ChokepointsDocument Json(Result r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return ChokepointsDocument.From(r.Home, r.TargetId, r.ComponentId, r.Events, r.Request.MaxOrder, r.CutSets, r.EventsWithoutProbability, r.Controls);
    }
}

/// <summary><c>leverage</c>: the leverage matrix between homes.</summary>
public static class LeverageOperation
{
    public sealed record Request(IReadOnlyList<string> Homes, AnalysisRequest Analysis);

    public static Request Read(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var homes = (fields.List("homes") ?? []).Distinct(StringComparer.Ordinal).ToList();
        return homes.Count < 2
            ? throw fields.Fail("homes", $"must name at least two homes, such as CN, US, NL (it names {homes.Count}).")
            : new Request(homes, StackRequests.Analysis(fields));
    }

    public static LeverageMatrixResult Run(StackModel model, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LeverageMatrix.Run(model, request.Homes, request.Analysis, progress, cancel);
    }

    public static LeverageMatrixDocument Json(LeverageMatrixResult result) => LeverageMatrixDocument.From(result);
}

/// <summary>
/// <c>compare</c>: stacks side by side. Without homes each model is analysed for its own home; with
/// as many homes as models they pair up in order; otherwise every model is analysed for every home.
/// </summary>
public static class CompareOperation
{
    public sealed record Request(IReadOnlyList<string> Homes, AnalysisRequest Analysis);

    /// <summary>
    /// One row: its document (the model's label, its file name without extension or its stored id;
    /// its name; the figures), and what the text table adds: the largest coalition size searched,
    /// whether the strongest holder cuts alone, and the controls in force as text.
    /// </summary>
    public sealed record Row(CompareDocument.Row Document, int? MaxOrder, bool StrongestHolderCuts, string Controls)
    {
        public string Model => Document.Model;
    }

    public static Request Read(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new Request(fields.List("homes") ?? [], StackRequests.Analysis(fields));
    }

    /// <summary>The pairs of model and home the request asks for, in output order.</summary>
    public static IReadOnlyList<(T Model, string? Home)> Pairs<T>(IReadOnlyList<T> models, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HomeAnalysis.ComparePairs(models, request.Homes);
    }

    /// <summary>
    /// The homes model number <paramref name="m"/> of <paramref name="count"/> is compared for, as a
    /// request of that model alone would name them: none (its own home), its paired home, or every home.
    /// </summary>
    public static IReadOnlyList<string> HomesOf(Request request, int m, int count)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Homes.Count == 0 ? [] : request.Homes.Count == count ? [request.Homes[m]] : request.Homes;
    }

    public static IReadOnlyList<Row> Run(IReadOnlyList<(string Label, StackModel Model)> models, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pairs = Pairs(models, request);
        var rows = new List<Row>();
        foreach (var ((label, model), home) in pairs)
        {
            cancel.ThrowIfCancellationRequested();
            rows.Add(Compute(label, model, home, request));
            progress?.Report((rows.Count, pairs.Count));
        }

        return rows;
    }

    /// <summary>The row of one model for one home (null: the model's own).</summary>
    public static Row Compute(string label, StackModel model, string? home, Request request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var r = HomeAnalysis.Run(model, For(request, home));
        return new Row(CompareDocument.RowOf(label, model.Name, r), r.MaxOrder, r.Leverage.FirstOrDefault()?.CutPower ?? false, Formats.Results.Text.Controls(r.Controls));
    }

    /// <summary>Fails as the run would on a request it cannot answer (an unknown home or target), before any analysis.</summary>
    public static void Check(IReadOnlyList<(string Label, StackModel Model)> models, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var ((_, model), home) in Pairs(models, request))
        {
            HomeAnalysis.Check(model, For(request, home));
        }
    }

    private static AnalysisRequest For(Request request, string? home) =>
        request.Analysis with { Perspective = request.Analysis.Perspective with { Home = home ?? request.Analysis.Perspective.Home } };

    public static CompareDocument Json(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new CompareDocument(rows.Select(r => r.Document).ToList());
    }
}

/// <summary><c>diff</c>: what changed between two versions of a model, seen from one home.</summary>
public static class DiffOperation
{
    public static AnalysisRequest Read(IRequestFields fields) => StackRequests.Analysis(fields);

    public static Analysis.Diff.ModelDiffResult Run(StackModel older, StackModel newer, AnalysisRequest request) => Analysis.Diff.ModelDiff.Run(older, newer, request);

    public static DiffDocument Json(Analysis.Diff.ModelDiffResult result) => DiffDocument.From(result);
}
