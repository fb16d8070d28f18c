using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>
/// A result document: one of the JSON contracts in this folder, a file per family, each written
/// through <see cref="ResultJsonContext"/> (source-generated, snake_case). <see cref="Json"/> renders it.
/// </summary>
public abstract record ResultDocument
{
    /// <summary>The generated contract of the document's own type.</summary>
    public abstract JsonTypeInfo Contract();

    /// <summary>What is written: the document itself, unless its contract is of another shape (a list).</summary>
    public virtual object Body() => this;
}

/// <summary>
/// A figure: rounded to 6 decimals (more is noise from floating-point sums), and null when it is NaN
/// or infinite (the rule of <see cref="Json"/>). Every double of a result document goes through it.
/// </summary>
public sealed class FigureConverter : JsonConverter<double>
{
    private static readonly Json.FiniteDoubleConverter Finite = new();

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Finite.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        Finite.Write(writer, double.IsFinite(value) ? Math.Round(value, 6, MidpointRounding.ToEven) : value, options);

    public override bool HandleNull => true;
}

/// <summary>A count of sets, which can pass a long: written as a number when it fits one, else as a string rather than rounded.</summary>
[JsonConverter(typeof(CountConverter))]
public readonly record struct Count(BigInteger Value)
{
    public static implicit operator Count(BigInteger value) => new(value);

    public static implicit operator Count(long value) => new(value);
}

public sealed class CountConverter : JsonConverter<Count>
{
    public override Count Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.TokenType == JsonTokenType.String ? BigInteger.Parse(reader.GetString()!, CultureInfo.InvariantCulture) : reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Count value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Value <= long.MaxValue && value.Value >= long.MinValue)
        {
            writer.WriteNumberValue((long)value.Value);
        }
        else
        {
            writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A count written as a bare integer of any size (the fault-tree's, as other engines write it).</summary>
public sealed class ExactCountConverter : JsonConverter<Count>
{
    public override Count Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new(BigInteger.Parse(document.RootElement.GetRawText(), CultureInfo.InvariantCulture));
    }

    public override void Write(Utf8JsonWriter writer, Count value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.Value.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>The parts every result family shares.</summary>
public static class Shared
{
    /// <summary>Counts per order, in ascending order, keyed by the order as text.</summary>
    public static IReadOnlyDictionary<string, Count> ByOrder(IEnumerable<KeyValuePair<int, BigInteger>> byOrder)
    {
        var d = new Dictionary<string, Count>();
        foreach (var (order, count) in byOrder.OrderBy(kv => kv.Key))
        {
            d[order.ToString(CultureInfo.InvariantCulture)] = count;
        }

        return d;
    }

    /// <summary>A map in the order given (the last value of a repeated key wins).</summary>
    public static IReadOnlyDictionary<string, TValue> Ordered<TSource, TValue>(IEnumerable<TSource> items, Func<TSource, string> key, Func<TSource, TValue> value)
    {
        var d = new Dictionary<string, TValue>();
        foreach (var item in items)
        {
            d[key(item)] = value(item);
        }

        return d;
    }
}

/// <summary>Cut sets: their count, the count per order and, when listed, the sets.</summary>
public sealed record CutSetsJson(
    Count Count,
    IReadOnlyDictionary<string, Count> ByOrder,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string>>? Sets)
{
    public static CutSetsJson From(CutSetResult r, bool withSets = true)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Count, Shared.ByOrder(r.ByOrder), withSets ? r.Sets.Select(s => s.Members).ToList() : null);
    }
}

/// <summary>An event's importance measures.</summary>
public sealed record ImportanceJson(string Event, double Birnbaum, double Criticality, double FussellVesely, double Raw, double Rrw)
{
    public static IReadOnlyList<ImportanceJson> From(IEnumerable<EventImportance> importance) =>
        importance.Select(i => new ImportanceJson(i.Event, i.Birnbaum, i.Criticality, i.FussellVesely, i.Raw, i.Rrw)).ToList();
}

/// <summary>A standing control in force (DESIGN.md section 2a), as every result names it.</summary>
public sealed record ControlJson(string Name, string By, IReadOnlyList<string>? Targets, ScopeJson Scope, ReachRuleJson? Reach, string? Source, string? AsOf)
{
    public static IReadOnlyList<ControlJson> From(IEnumerable<ControlInForce> controls) =>
        controls.Select(k => new ControlJson(
            k.Name,
            k.By,
            k.Control.Targets,
            new ScopeJson(k.Control.ScopeLayers, k.Control.ScopeComponents),
            k.Rule is { } rule ? new ReachRuleJson(rule.DeMinimis, rule.Layers) : null,
            k.Control.Source,
            k.Control.AsOf)).ToList();
}

/// <summary>A scope: layers and components.</summary>
public sealed record ScopeJson(IReadOnlyList<string> Layers, IReadOnlyList<string> Components);

/// <summary>A reach rule: the de minimis share and the layers it reaches.</summary>
public sealed record ReachRuleJson(double DeMinimis, IReadOnlyList<string> Layers);

/// <summary>
/// A holder's leverage over a home. The holder is named under <c>jurisdiction</c>, or under <c>firm</c>
/// when the events are firms.
/// </summary>
public sealed record LeverageJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jurisdiction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Firm,
    bool CutPower,
    double CapacityAfter,
    double? Retained,
    double CapacityLoss,
    int? SmallestCoalition,
    double? Raw,
    double? Birnbaum)
{
    public static LeverageJson From(Leverage l, EventKind kind)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(
            kind == EventKind.Firms ? null : l.Event,
            kind == EventKind.Firms ? l.Event : null,
            l.CutPower,
            l.CapacityAfter,
            l.Retained,
            l.CapacityLoss,
            l.SmallestCoalition,
            l.Raw,
            l.Birnbaum);
    }

    public static IReadOnlyList<LeverageJson> From(IEnumerable<Leverage> leverage, EventKind kind) => leverage.Select(l => From(l, kind)).ToList();
}

/// <summary>How concentrated one input is.</summary>
public sealed record ConcentrationJson(string Component, double Hhi, string? TopSupplier, double TopShare, double? HhiWithoutTop)
{
    public static ConcentrationJson From(Analysis.Metrics.Concentration c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.ComponentId, c.Hhi, c.TopSupplier, c.TopShare, c.HhiWithoutTop);
    }
}

/// <summary>One validation finding, as <c>validate --json</c> and the service's problem documents write it.</summary>
public sealed record DiagnosticJson(string Severity, string Code, string? File, int Line, int Column, string Path, string Message, string Fix)
{
    public static DiagnosticJson From(Analysis.Validation.Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Severity == Analysis.Validation.Severity.Error ? "error" : "warning", d.Code, d.File, d.Line, d.Column, d.Path, d.Message, d.Fix);
    }
}
