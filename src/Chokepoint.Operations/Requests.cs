using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Logic;

namespace Chokepoint.Operations;

/// <summary>Monte Carlo over the providers' share ranges: how many samples (0: none) and the seed.</summary>
public sealed record SamplingRequest(int Samples, int Seed)
{
    public static readonly SamplingRequest None = new(0, 1);

    /// <summary>Reads <c>samples</c> and <c>seed</c>; <paramref name="minimum"/> is 1 where the samples are the point of the request (a job).</summary>
    public static SamplingRequest Read(IRequestFields fields, int defaultSamples = 0, int minimum = 0) =>
        new(fields.Int("samples", min: minimum) ?? defaultSamples, fields.Int("seed") ?? 1);

    /// <summary>The bands of <paramref name="sample"/> (given the count and the seed), or null when no samples were asked for.</summary>
    public T? Bands<T>(Func<int, int, T> sample)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Samples == 0 ? null : sample(Samples, Seed);
    }
}

/// <summary>The requests every stack analysis shares, read and checked once for every adapter.</summary>
public static class StackRequests
{
    public const int DefaultMaxOrder = 3;

    /// <summary>The perspective, target, order limit and probabilities: the fields of <c>analyze</c>, <c>chokepoints</c>, <c>leverage</c>, <c>compare</c> and <c>diff</c>.</summary>
    public static AnalysisRequest Analysis(IRequestFields fields, int defaultMaxOrder = DefaultMaxOrder)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new AnalysisRequest
        {
            Perspective = Perspective(fields),
            Target = fields.String("target"),
            MaxOrder = fields.Int("max_order", min: 1) ?? defaultMaxOrder,
            Probabilities = Probabilities(fields),
        };
    }

    public static PerspectiveOptions Perspective(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new PerspectiveOptions
        {
            Home = fields.String("home"),
            Domestic = fields.List("domestic") ?? [],
            Friendly = fields.List("friendly") ?? [],
            Reach = fields.Bool("reach") ?? false,
            DeMinimis = fields.Share("de_minimis") ?? PerspectiveOptions.DefaultDeMinimis,
            Events = fields.Choice("events", "jurisdictions", "firms") == "firms" ? EventKind.Firms : EventKind.Jurisdictions,
            Standing = !(fields.Bool("no_standing") ?? false),
        };
    }

    /// <summary>The <c>prob</c> map, each value a probability in [0, 1].</summary>
    public static IReadOnlyDictionary<string, Probability> Probabilities(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var result = new Dictionary<string, Probability>(StringComparer.Ordinal);
        foreach (var (id, p) in fields.Map("prob") ?? [])
        {
            if (!(p is >= 0 and <= 1))
            {
                throw fields.Fail("prob", $"gives '{id}' {Fields.Text(p)}, which is not a probability: give a number in [0, 1], such as 0.2.");
            }

            result[id] = new Probability(p);
        }

        return result;
    }

    /// <summary>
    /// The scenario of <c>scenario</c>, <c>recover</c> and their jobs: a saved one by name
    /// (<c>scenario</c>), or an ad hoc one (<c>restrict</c>, <c>scope_layers</c>,
    /// <c>scope_components</c>); never both.
    /// </summary>
    public static ScenarioSpec Scenario(IRequestFields fields, StackModel model)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(model);
        var perspective = Perspective(fields);
        var target = fields.String("target");
        var restrict = fields.List("restrict") ?? [];
        var layers = fields.List("scope_layers") ?? [];
        var components = fields.List("scope_components") ?? [];
        if (fields.String("scenario") is { } name)
        {
            if (restrict.Count + layers.Count + components.Count > 0)
            {
                throw fields.Fail("scenario", $"names a saved scenario, so {fields.Spell("restrict")} and the scope cannot be given too: give one or the other.");
            }

            return ScenarioSpec.From(ScenarioSpec.Find(model, name), perspective, target);
        }

        if (restrict.Count == 0)
        {
            throw fields.Fail("restrict", $"is missing: say who restricts (such as US, NL), or name a saved scenario with {fields.Spell("scenario")}.");
        }

        return new ScenarioSpec
        {
            Name = "ad hoc: " + string.Join("+", restrict),
            Perspective = perspective,
            Target = target,
            Restrict = restrict,
            ScopeLayers = layers,
            ScopeComponents = components,
        };
    }
}
