using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The <c>analyze</c> result: the one-screen answer for a home, with Monte Carlo bands on request.</summary>
public sealed record AnalyzeDocument(
    string? Name,
    string Home,
    string Target,
    string Component,
    bool Reach,
    IReadOnlyList<ControlJson> ControlsInForce,
    IReadOnlyList<string> Domestic,
    IReadOnlyList<string> Events,
    int? MaxOrder,
    double BaselineCapacity,
    AnalyzeDocument.DomesticOnlyJson DomesticOnly,
    double? ForeignShare,
    IReadOnlyList<AnalyzeDocument.LayerDependenceJson> Layers,
    IReadOnlyList<ConcentrationJson> MostConcentrated,
    CutSetsJson CutSets,
    IReadOnlyList<AnalyzeDocument.CoalitionJson> Coalitions,
    IReadOnlyList<LeverageJson> Leverage) : ResultDocument
{
    /// <summary>The probability that the target is cut; present only when restriction probabilities are known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Probability { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImportanceJson>? Importance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? EventsWithoutProbability { get; init; }

    /// <summary>The Monte Carlo bands, with samples on request.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AnalysisBandsJson? Uncertainty { get; init; }

    public sealed record DomesticOnlyJson(bool Available, double Capacity, double? Retained);

    public sealed record LayerDependenceJson(string Layer, int Components, double? ForeignShare, int WithoutDomesticProvider);

    public sealed record CoalitionJson(IReadOnlyList<string> Members, IReadOnlyList<string> Breaks, double? Probability);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.AnalyzeDocument;

    public static AnalyzeDocument From(string? name, HomeAnalysisResult r, Analysis.Uncertainty.AnalysisBands? bands = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var probability = r.CutSets.Probability;
        return new AnalyzeDocument(
            name,
            r.Home,
            r.TargetId,
            r.TargetComponent,
            r.Reach,
            ControlJson.From(r.Controls),
            r.Domestic,
            r.Events,
            r.MaxOrder,
            r.BaselineCapacity,
            new DomesticOnlyJson(r.DomesticOnlyAvailable, r.DomesticOnlyCapacity, r.DomesticOnlyRetained),
            r.ForeignShare,
            r.Layers.Select(l => new LayerDependenceJson(l.Layer, l.Components, l.ForeignShare, l.WithoutDomesticProvider)).ToList(),
            r.MostConcentrated.Select(ConcentrationJson.From).ToList(),
            CutSetsJson.From(r.CutSets),
            r.Coalitions.Select(c => new CoalitionJson(c.Coalition.Members, c.Breaks, c.Probability)).ToList(),
            LeverageJson.From(r.Leverage, r.EventKind))
        {
            Probability = probability,
            Importance = probability is null ? null : ImportanceJson.From(r.CutSets.Importance),
            EventsWithoutProbability = probability is null ? null : r.EventsWithoutProbability,
            Uncertainty = bands is null ? null : AnalysisBandsJson.From(bands),
        };
    }
}

/// <summary>The <c>chokepoints</c> result: the minimal coalitions that cut the target, smallest first.</summary>
public sealed record ChokepointsDocument(
    string Home,
    string Target,
    string Component,
    IReadOnlyList<ControlJson> ControlsInForce,
    IReadOnlyList<string> Events,
    int? MaxOrder,
    CutSetsJson CutSets) : ResultDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Probability { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? EventsWithoutProbability { get; init; }

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ChokepointsDocument;

    public static ChokepointsDocument From(string home, string targetId, string componentId, IReadOnlyList<string> events, int? maxOrder, CutSetResult result, IReadOnlyList<string> eventsWithoutProbability, IReadOnlyList<ControlInForce> controls)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ChokepointsDocument(home, targetId, componentId, ControlJson.From(controls), events, maxOrder, CutSetsJson.From(result))
        {
            Probability = result.Probability,
            EventsWithoutProbability = result.Probability is null ? null : eventsWithoutProbability,
        };
    }
}

/// <summary>The <c>compare</c> result: one row per model and home, in brief.</summary>
public sealed record CompareDocument(IReadOnlyList<CompareDocument.Row> Rows) : ResultDocument
{
    public sealed record Row(
        string Model,
        string? Name,
        string Home,
        string Target,
        bool Reach,
        IReadOnlyList<string> ControlsInForce,
        double BaselineCapacity,
        bool DomesticOnly,
        double? DomesticOnlyRetained,
        double? StrongestHolderRetained,
        double? ForeignShare,
        IReadOnlyList<string> SingleCuts,
        int? SmallestCoalition,
        CutSetsJson CutSets,
        string? StrongestHolder,
        double? Probability);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.CompareDocument;

    public static Row RowOf(string model, string? name, HomeAnalysisResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new Row(
            model,
            name,
            r.Home,
            r.TargetId,
            r.Reach,
            r.Controls.Select(k => k.Name).ToList(),
            r.BaselineCapacity,
            r.DomesticOnlyAvailable,
            r.DomesticOnlyRetained,
            r.Leverage.FirstOrDefault()?.Retained,
            r.ForeignShare,
            r.CutSets.Sets.Where(s => s.Order == 1).Select(s => s.Members[0]).ToList(),
            r.CutSets.SmallestOrder,
            CutSetsJson.From(r.CutSets, withSets: false),
            r.Leverage.FirstOrDefault()?.Event,
            r.CutSets.Probability);
    }
}

/// <summary>The <c>leverage</c> result: the matrix of holders over homes, its asymmetries and the ranking.</summary>
public sealed record LeverageMatrixDocument(
    string Target,
    IReadOnlyList<string> Homes,
    int? MaxOrder,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ControlsInForce,
    IReadOnlyList<LeverageMatrixDocument.Cell> Cells,
    IReadOnlyList<LeverageMatrixDocument.Pair> Asymmetry,
    IReadOnlyList<LeverageMatrixDocument.Rank> Ranking) : ResultDocument
{
    public sealed record Cell(string Holder, string Home, bool Applicable, bool CutPower, double CapacityBefore, double CapacityAfter, double? Retained, double CapacityLoss, int? SmallestCoalition, double? Raw, double? Score);

    public sealed record Pair(string A, string B, double Value);

    /// <summary>A holder's total over the homes and the homes it cuts.</summary>
    public sealed record Rank(string Jurisdiction, double Total, int Cuts);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.LeverageMatrixDocument;

    public static LeverageMatrixDocument From(LeverageMatrixResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new LeverageMatrixDocument(
            r.TargetId,
            r.Homes,
            r.MaxOrder,
            Shared.Ordered(r.Homes.Distinct(StringComparer.Ordinal), h => h, h => (IReadOnlyList<string>)(r.Controls.TryGetValue(h, out var k) ? k.Select(c => c.Name).ToList() : [])),
            r.Cells.Select(c => new Cell(c.Holder, c.Home, c.Applicable, c.CutPower, c.CapacityBefore, c.CapacityAfter, c.Retained, 1 - c.CapacityAfter, c.SmallestCoalition, c.Raw, c.Score)).ToList(),
            r.AsymmetricPairs().Select(p => new Pair(p.A, p.B, p.Value)).ToList(),
            r.Ranking().Select(x => new Rank(x.Holder, x.Total, x.Cuts)).ToList());
    }
}
