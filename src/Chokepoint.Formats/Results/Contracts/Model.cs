using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Validation;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The <c>validate</c> result of one model file: every finding, with where it is and what to do.</summary>
public sealed record ValidateDocument(string File, bool Valid, int Errors, int Warnings, int? Components, IReadOnlyList<DiagnosticJson> Diagnostics) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ValidateDocument;

    public static ValidateDocument From(string file, IReadOnlyList<Diagnostic> diagnostics, int? components) => new(
        file,
        !diagnostics.Any(d => d.Severity == Severity.Error),
        diagnostics.Count(d => d.Severity == Severity.Error),
        diagnostics.Count(d => d.Severity == Severity.Warning),
        components,
        diagnostics.Select(DiagnosticJson.From).ToList());
}

/// <summary>The <c>validate</c> result of several files, one document each, in the order named.</summary>
public sealed record ValidateListDocument(IReadOnlyList<ValidateDocument> Files) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.IReadOnlyListValidateDocument;

    /// <summary>Written as the bare array of the files' documents.</summary>
    public override object Body() => Files;
}

/// <summary>The <c>show</c> result: the stack per layer, who supplies it, and how concentrated each input is.</summary>
public sealed record ShowDocument(
    string File,
    string? Name,
    string? Home,
    int Components,
    int Providers,
    IReadOnlyList<ShowDocument.LayerSummaryJson> Layers,
    IReadOnlyList<ShowDocument.InputJson> MostConcentrated,
    ShowDocument.FigureCountsJson Figures) : ResultDocument
{
    /// <summary>The data's attribution, which any use must carry; present when the model has one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Attribution { get; init; }

    public sealed record LayerSummaryJson(string Layer, int ComponentCount, int ProviderCount, IReadOnlyList<string> Countries, IReadOnlyDictionary<string, double> ShareByCountry, IReadOnlyList<InputJson> Components);

    public sealed record InputJson(string Id, double KnownShare, double Hhi, double HhiFirms, string? TopSupplier, double TopShare, double? HhiWithoutTop, bool EuScreen, IReadOnlyDictionary<string, double> ShareByCountry);

    public sealed record FigureCountsJson(int Cited, int Estimates, int Unsourced, int UnknownShares);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ShowDocument;

    public static ShowDocument From(string file, StackSummary s, string? attribution)
    {
        ArgumentNullException.ThrowIfNull(s);
        static IReadOnlyDictionary<string, double> Shares(IEnumerable<KeyValuePair<string, double>> shares) => Shared.Ordered(shares, kv => kv.Key, kv => kv.Value);
        static InputJson Input(Concentration c) => new(c.ComponentId, c.KnownShare, c.Hhi, c.HhiFirms, c.TopSupplier, c.TopShare, c.HhiWithoutTop, c.FlaggedByEuScreen, Shares(c.ShareByCountry));
        return new ShowDocument(
            file,
            s.Name,
            s.Home,
            s.ComponentCount,
            s.ProviderCount,
            s.Layers.Select(l => new LayerSummaryJson(l.Layer, l.Components.Count, l.ProviderCount, l.Countries, Shares(l.ShareByCountry), l.Components.Select(Input).ToList())).ToList(),
            s.MostConcentrated.Select(Input).ToList(),
            new FigureCountsJson(s.Figures.Cited, s.Figures.Estimates, s.Figures.Unsourced, s.Figures.UnknownShares))
        {
            Attribution = attribution,
        };
    }
}
