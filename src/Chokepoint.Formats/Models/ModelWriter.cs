using System.Globalization;
using System.Text;
using System.Text.Json;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Documents;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Chokepoint.Formats.Models;

/// <summary>
/// Writes a <see cref="StackModel"/> as <c>chokepoint/v1</c> YAML or JSON. Deterministic: the same
/// model always gives the same bytes, and reading the output gives the same model back.
/// </summary>
public static class ModelWriter
{
    /// <summary>The model as YAML, with short entries (providers, jurisdictions) on one line each.</summary>
    public static string ToYaml(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(sw, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        EmitYaml(emitter, ToNode(model), depth: 0);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return sw.ToString();
    }

    /// <summary>The model as indented JSON.</summary>
    public static string ToJson(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            EmitJson(w, ToNode(model));
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void EmitYaml(IEmitter e, Node node, int depth)
    {
        switch (node)
        {
            case ScalarNode s:
                // Strings are left to the emitter, which quotes them whenever plain style would read differently.
                e.Emit(new Scalar(null, null, s.Value, !s.Quoted ? ScalarStyle.Plain : LooksNull(s.Value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, false));
                break;
            case SequenceNode seq:
                e.Emit(new SequenceStart(null, null, true, seq.Items.All(i => i is ScalarNode) && depth > 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in seq.Items)
                {
                    EmitYaml(e, item, depth + 1);
                }

                e.Emit(new SequenceEnd());
                break;
            case MappingNode map:
                var flow = depth > 1 && map.Entries.All(kv => kv.Value is ScalarNode || (kv.Value is SequenceNode sq && sq.Items.All(i => i is ScalarNode)));
                e.Emit(new MappingStart(null, null, true, flow ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map.Entries)
                {
                    e.Emit(new Scalar(null, null, key.Value, ScalarStyle.Plain, true, false));
                    EmitYaml(e, value, depth + 1);
                }

                e.Emit(new MappingEnd());
                break;
        }
    }

    /// <summary>Strings that a plain scalar would turn into null, or whose edge blanks it would trim, must be quoted.</summary>
    private static bool LooksNull(string value) =>
        new ScalarNode(value, false, 0, 0).IsNull || value.Trim().Length != value.Length;

    /// <summary>Writes a document tree as JSON: quoted scalars as strings, plain ones as they are (numbers, booleans, null).</summary>
    internal static void EmitJson(Utf8JsonWriter w, Node node)
    {
        switch (node)
        {
            case ScalarNode { Quoted: true } s:
                w.WriteStringValue(s.Value);
                break;
            case ScalarNode s:
                w.WriteRawValue(s.Value);
                break;
            case SequenceNode seq:
                w.WriteStartArray();
                foreach (var item in seq.Items)
                {
                    EmitJson(w, item);
                }

                w.WriteEndArray();
                break;
            case MappingNode map:
                w.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    w.WritePropertyName(key.Value);
                    EmitJson(w, value);
                }

                w.WriteEndObject();
                break;
        }
    }

    /// <summary>The document tree of a model: keys in the documented order, absent values left out.</summary>
    internal static MappingNode ToNode(StackModel m)
    {
        var b = new MapBuilder();
        b.Str("schema", m.Schema);
        b.Str("name", m.Name);
        b.Str("attribution", m.Attribution);
        b.Str("home", m.Home);
        b.Num("share_tolerance", m.ShareTolerance);
        b.List("include", m.Include, Str);
        b.List("jurisdictions", m.Jurisdictions, JurisdictionNode);
        b.List("blocs", m.Blocs, x => new MapBuilder().Str("id", x.Id).Str("name", x.Name).List("members", x.Members, Str).Build());
        b.List("organizations", m.Organizations, o => new MapBuilder().Str("id", o.Id).Str("name", o.Name).Str("hq", o.Hq).Str("controlled_by", o.ControlledBy).Build());
        b.List("components", m.Components, ComponentNode);
        b.List("targets", m.Targets, t => new MapBuilder().Str("id", t.Id).Str("name", t.Name).Str("component", t.Component).Build());
        b.List("scenarios", m.Scenarios, ScenarioNode);
        b.List("controls", m.Controls, ControlNode);
        return b.Build();
    }

    private static MappingNode JurisdictionNode(Jurisdiction j)
    {
        var b = new MapBuilder().Str("id", j.Id).Str("name", j.Name).Str("parent", j.Parent).Num("restriction_probability", j.RestrictionProbability);
        if (j.Reach is { } rule)
        {
            b.Map("reach", RuleNode(rule));
        }
        else if (j.NoReach)
        {
            b.Bool("reach", false);
        }

        return b.Build();
    }

    private static MappingNode RuleNode(ReachRule rule) =>
        new MapBuilder().Num("de_minimis", rule.DeMinimis).List("layers", rule.Layers, Str).Build();

    private static MappingNode ControlNode(Control c)
    {
        var b = new MapBuilder().Str("name", c.Name).Str("by", c.By);
        if (c.Targets is { } targets)
        {
            b.Items("targets", targets);
        }

        if (c.ScopeLayers.Count > 0 || c.ScopeComponents.Count > 0)
        {
            b.Map("scope", new MapBuilder().List("layers", c.ScopeLayers, Str).List("components", c.ScopeComponents, Str).Build());
        }

        if (c.Reach is { } rule)
        {
            b.Map("reach", RuleNode(rule));
        }
        else if (c.DeclaredReach)
        {
            b.Bool("reach", true);
        }

        return b.Str("source", c.Source).Str("as_of", c.AsOf).Build();
    }

    private static MappingNode ComponentNode(Component c) => new MapBuilder()
        .Str("id", c.Id)
        .Str("name", c.Name)
        .Str("layer", c.Layer)
        .Str("category", c.Category)
        .List("requires", c.Requires, RequirementNode)
        .List("providers", c.Providers, p => new MapBuilder()
            .Str("org", p.Org)
            .Str("jurisdiction", p.Jurisdiction)
            .Num("share", p.Share)
            .Range("share_range", p.ShareRange)
            .Str("source", p.Source)
            .Str("as_of", p.AsOf)
            .Build())
        .Num("threshold", c.Threshold)
        .List("substitution", c.Substitution, s => new MapBuilder()
            .Str("jurisdiction", s.Jurisdiction)
            .Num("share", s.Share)
            .Num("lead_time_months", s.LeadTimeMonths)
            .Num("ramp_months", s.RampMonths)
            .Num("cost", s.Cost)
            .Str("source", s.Source)
            .Str("as_of", s.AsOf)
            .Build())
        .Num("stockpile_months", c.StockpileMonths)
        .List("actions", c.Actions, a => new MapBuilder()
            .Str("kind", a.Kind.ToString().ToLowerInvariant())
            .Str("jurisdiction", a.Jurisdiction)
            .Num("share", a.Share)
            .Num("months", a.Months)
            .Num("cost", a.Cost)
            .Num("lead_time_months", a.LeadTimeMonths)
            .Str("source", a.Source)
            .Str("as_of", a.AsOf)
            .Build())
        .Str("source", c.Source)
        .Str("as_of", c.AsOf)
        .Build();

    private static MappingNode ScenarioNode(Scenario s)
    {
        var b = new MapBuilder().Str("name", s.Name).List("restrict", s.Restrict, Str).Bool("reach", s.Reach);
        if (s.ScopeLayers.Count > 0 || s.ScopeComponents.Count > 0)
        {
            b.Map("scope", new MapBuilder().List("layers", s.ScopeLayers, Str).List("components", s.ScopeComponents, Str).Build());
        }

        return b.Num("start_month", s.StartMonth).Str("home", s.Home).Str("target", s.Target).Build();
    }

    private static Node RequirementNode(Requirement r) => r switch
    {
        ComponentRequirement plain => Str(plain.ComponentId),
        AnyOfRequirement group => new MapBuilder().List("any_of", group.Members, Str).Num("k", group.K).Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(r), r, "unknown requirement kind"),
    };

    private static ScalarNode Str(string s) => new(s, true, 0, 0);

    internal static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private sealed class MapBuilder
    {
        private readonly List<KeyValuePair<ScalarNode, Node>> _entries = [];

        public MapBuilder Str(string key, string? value)
        {
            if (value is not null)
            {
                Add(key, new ScalarNode(value, true, 0, 0));
            }

            return this;
        }

        // A model has no NaN or infinite figure (validation rejects them): one in memory is left out, like a missing value, rather than written as text that no reader accepts.
        public MapBuilder Num(string key, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                Add(key, new ScalarNode(FormatNumber(v), false, 0, 0));
            }

            return this;
        }

        public MapBuilder Bool(string key, bool? value)
        {
            if (value is { } v)
            {
                Add(key, new ScalarNode(v ? "true" : "false", false, 0, 0));
            }

            return this;
        }

        public MapBuilder Map(string key, MappingNode value)
        {
            Add(key, value);
            return this;
        }

        /// <summary>A list written even when empty (an empty list and no list mean different things).</summary>
        public MapBuilder Items(string key, IReadOnlyList<string> items)
        {
            Add(key, new SequenceNode(items.Select(i => (Node)new ScalarNode(i, true, 0, 0)).ToList(), 0, 0));
            return this;
        }

        public MapBuilder Range(string key, ShareRange? range)
        {
            if (range is { } r && double.IsFinite(r.Low) && double.IsFinite(r.High))
            {
                Add(key, new SequenceNode([new ScalarNode(FormatNumber(r.Low), false, 0, 0), new ScalarNode(FormatNumber(r.High), false, 0, 0)], 0, 0));
            }

            return this;
        }

        public MapBuilder List<T>(string key, IReadOnlyList<T> items, Func<T, Node> toNode)
        {
            if (items.Count > 0)
            {
                Add(key, new SequenceNode(items.Select(toNode).ToList(), 0, 0));
            }

            return this;
        }

        public MappingNode Build() => new(_entries, 0, 0);

        private void Add(string key, Node value) => _entries.Add(new(new ScalarNode(key, false, 0, 0), value));
    }
}
