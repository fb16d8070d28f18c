using System.Globalization;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Documents;

namespace Chokepoint.Formats.Models;

/// <summary>
/// Turns a parsed document into a <see cref="StackModel"/>. Strict: unknown keys (with the nearest
/// valid key suggested), wrong types and missing fields become located diagnostics, and reading
/// goes on so that every problem in the file is reported at once.
/// </summary>
public sealed class ModelReader
{
    internal static readonly string[] TopKeys = ["schema", "name", "attribution", "home", "share_tolerance", "include", "jurisdictions", "blocs", "organizations", "components", "targets", "scenarios", "controls"];
    internal static readonly string[] JurisdictionKeys = ["id", "name", "parent", "restriction_probability", "reach"];
    internal static readonly string[] ReachKeys = ["de_minimis", "layers"];
    internal static readonly string[] ControlKeys = ["name", "by", "targets", "scope", "reach", "source", "as_of"];
    internal static readonly string[] BlocKeys = ["id", "name", "members"];
    internal static readonly string[] OrganizationKeys = ["id", "name", "hq", "controlled_by"];
    internal static readonly string[] ComponentKeys = ["id", "name", "layer", "category", "requires", "providers", "threshold", "substitution", "stockpile_months", "actions", "source", "as_of"];
    internal static readonly string[] ActionKeys = ["kind", "jurisdiction", "share", "months", "cost", "lead_time_months", "source", "as_of"];
    internal static readonly string[] ProviderKeys = ["org", "jurisdiction", "share", "share_range", "source", "as_of"];
    internal static readonly string[] GroupKeys = ["any_of", "k"];
    internal static readonly string[] SubstitutionKeys = ["jurisdiction", "share", "lead_time_months", "ramp_months", "cost", "source", "as_of"];
    internal static readonly string[] TargetKeys = ["id", "name", "component"];
    internal static readonly string[] ScenarioKeys = ["name", "restrict", "reach", "scope", "start_month", "home", "target"];
    internal static readonly string[] ScopeKeys = ["layers", "components"];

    private readonly string _file;
    private readonly DiagnosticSink _sink;

    private ModelReader(string file, List<Diagnostic> diagnostics)
    {
        _file = file;
        _sink = new DiagnosticSink(file, diagnostics);
    }

    /// <summary>Reads <paramref name="root"/> (from <paramref name="file"/>) and appends findings to <paramref name="diagnostics"/>.</summary>
    public static StackModel Read(Node? root, string file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return new ModelReader(file, diagnostics).ReadRoot(root);
    }

    private StackModel ReadRoot(Node? root)
    {
        if (root is not MappingNode map)
        {
            Error(DiagnosticCodes.WrongType, root?.Line ?? 1, root?.Column ?? 1, "",
                root is null ? "the file is empty." : $"the document is {root.Kind}, but a model is a mapping of keys.",
                "Start the file with 'schema: chokepoint/v1' followed by name, jurisdictions, organizations, components and targets.");
            return new StackModel { Span = new SourceSpan(_file, "", new SourcePosition(1, 1)) };
        }

        var f = Open(map, "", TopKeys);
        var schema = f.String("schema");
        if (schema is null)
        {
            Error(DiagnosticCodes.WrongSchema, map.Line, map.Column, "schema", "the model does not say its schema.",
                $"Add 'schema: {StackModel.SchemaV1}' as the first line.");
        }
        else if (schema != StackModel.SchemaV1)
        {
            var node = f.Node("schema")!;
            Error(DiagnosticCodes.WrongSchema, node.Line, node.Column, "schema", $"schema '{schema}' is not one this version reads.",
                $"Write 'schema: {StackModel.SchemaV1}'.");
        }

        return new StackModel
        {
            Schema = schema ?? StackModel.SchemaV1,
            Name = f.String("name"),
            Attribution = f.String("attribution"),
            Home = f.String("home"),
            ShareTolerance = f.Number("share_tolerance"),
            Include = f.StringList("include"),
            Jurisdictions = f.List("jurisdictions", ReadJurisdiction),
            Blocs = f.List("blocs", ReadBloc),
            Organizations = f.List("organizations", ReadOrganization),
            Components = f.List("components", ReadComponent),
            Targets = f.List("targets", ReadTarget),
            Scenarios = f.List("scenarios", ReadScenario),
            Controls = f.List("controls", ReadControl),
            Span = f.Span,
        };
    }

    private Jurisdiction? ReadJurisdiction(Node node, string path)
    {
        if (Mapping(node, path, "a jurisdiction", "{id: CN, name: China}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, JurisdictionKeys);
        var id = f.RequiredString("id", "the ISO 3166 code, such as CN or CN-GD");
        var (rule, flag) = ReadReach(f, path, allowTrue: false,
            $"a jurisdiction's reach is its extraterritorial rule or false",
            "Write reach: {de_minimis: 0.25, layers: [equipment, eda]} for a rule, or reach: false for none.");
        var noReach = flag == false;

        return id is null ? null : new Jurisdiction
        {
            Id = id,
            Name = f.String("name"),
            Parent = f.String("parent"),
            RestrictionProbability = f.Share("restriction_probability"),
            Reach = rule,
            NoReach = noReach,
            Span = f.Span,
        };
    }

    /// <summary>
    /// A <c>reach</c> value: a rule (a mapping), or <c>false</c>, or (where <paramref name="allowTrue"/>)
    /// <c>true</c>; anything else is an error saying <paramref name="what"/>. Absent or null: neither.
    /// </summary>
    private (ReachRule? Rule, bool? Flag) ReadReach(NodeFields f, string path, bool allowTrue, string what, string fix)
    {
        switch (f.Node("reach"))
        {
            case null:
            case ScalarNode { IsNull: true }:
                return (null, null);
            case ScalarNode { Quoted: false, Value: "false" or "False" }:
                return (null, false);
            case ScalarNode { Quoted: false, Value: "true" or "True" } when allowTrue:
                return (null, true);
            case ScalarNode other:
                Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, "reach"), $"{what}, but it is '{other.Value}'.", fix);
                return (null, null);
            case var ruleNode:
                return (ReadReachRule(ruleNode, Join(path, "reach")), null);
        }
    }

    private ReachRule? ReadReachRule(Node node, string path)
    {
        if (Mapping(node, path, "an extraterritorial rule", "{de_minimis: 0.25, layers: [equipment, eda, ip]}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ReachKeys);
        var deMinimis = f.Share("de_minimis");
        if (deMinimis is null && f.Node("de_minimis") is null)
        {
            Error(DiagnosticCodes.MissingField, map.Line, map.Column, Join(path, "de_minimis"), "the required key 'de_minimis' is missing.",
                "Add de_minimis: <the share of a required input at which the rule applies, such as 0.25; 0 for any share>.");
        }

        return deMinimis is null ? null : new ReachRule { DeMinimis = deMinimis.Value, Layers = f.StringList("layers"), Span = f.Span };
    }

    private Control? ReadControl(Node node, string path)
    {
        if (Mapping(node, path, "a control", "{name: us-rule, by: US, targets: [ai-phone], scope: {layers: [eda]}, reach: true}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ControlKeys);
        var name = f.RequiredString("name", "a short name such as us-entity-list-huawei");
        var by = f.RequiredString("by", "the restricting jurisdiction, such as US");
        var (layers, components) = ReadScope(f, path);

        var (rule, flag) = ReadReach(f, path, allowTrue: true,
            "a control's reach is true, false or a rule",
            "Write reach: true for the jurisdiction's declared rule, or reach: {de_minimis: 0} for a rule of the control's own.");
        var declared = flag == true;

        var targets = f.Node("targets") is null or ScalarNode { IsNull: true } ? null : f.StringList("targets");
        return name is null || by is null
            ? null
            : new Control
            {
                Name = name,
                By = by,
                Targets = targets,
                ScopeLayers = layers,
                ScopeComponents = components,
                DeclaredReach = declared,
                Reach = rule,
                Source = f.String("source"),
                AsOf = f.String("as_of"),
                Span = f.Span,
            };
    }

    private Bloc? ReadBloc(Node node, string path)
    {
        if (Mapping(node, path, "a bloc", "{id: chip4, members: [US, JP, KR, TW]}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, BlocKeys);
        var id = f.RequiredString("id", "a short name such as EU");
        return id is null ? null : new Bloc { Id = id, Name = f.String("name"), Members = f.StringList("members"), Span = f.Span };
    }

    private Organization? ReadOrganization(Node node, string path)
    {
        if (Mapping(node, path, "an organization", "{id: asml, name: ASML, hq: NL}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, OrganizationKeys);
        var id = f.RequiredString("id", "a short lowercase id such as asml");
        var hq = f.RequiredString("hq", "the jurisdiction of its headquarters, such as NL");
        return id is null || hq is null
            ? null
            : new Organization { Id = id, Name = f.String("name"), Hq = hq, ControlledBy = f.String("controlled_by"), Span = f.Span };
    }

    private Component? ReadComponent(Node node, string path)
    {
        if (Mapping(node, path, "a component", "{id: eda, layer: eda, providers: [...]}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ComponentKeys);
        var id = f.RequiredString("id", "a short lowercase id such as euv-scanner");
        var layer = f.RequiredString("layer", "one of material, equipment, eda, ip, design, fabrication, packaging, memory, chip, device, os, framework, cloud, app-store, app, service");
        var component = new Component
        {
            Id = id ?? "",
            Name = f.String("name"),
            Layer = layer ?? "",
            Category = f.String("category"),
            Requires = f.List("requires", ReadRequirement),
            Providers = f.List("providers", ReadProvider),
            Threshold = f.Share("threshold"),
            Substitution = f.List("substitution", ReadSubstitution),
            StockpileMonths = f.Number("stockpile_months"),
            Actions = f.List("actions", ReadAction),
            Source = f.String("source"),
            AsOf = f.String("as_of"),
            Span = f.Span,
        };
        return id is null || layer is null ? null : component;
    }

    private Requirement? ReadRequirement(Node node, string path)
    {
        switch (node)
        {
            case ScalarNode s when !s.IsNull:
                return new ComponentRequirement(s.Value) { Span = new SourceSpan(_file, path, new SourcePosition(s.Line, s.Column)) };
            case MappingNode map:
                {
                    var f = Open(map, path, GroupKeys);
                    var members = f.StringList("any_of");
                    if (f.Node("any_of") is null)
                    {
                        Error(DiagnosticCodes.MissingField, map.Line, map.Column, path, "a requirement group has no any_of list.",
                            "Write a group as {any_of: [a, b], k: 1}.");
                        return null;
                    }

                    var k = f.Integer("k") ?? 1;
                    return new AnyOfRequirement(members, k) { Span = f.Span };
                }

            default:
                Error(DiagnosticCodes.WrongType, node.Line, node.Column, path, $"a requirement is {node.Kind}.",
                    "Write a component id, or a group such as {any_of: [duv-scanner, euv-scanner], k: 1}.");
                return null;
        }
    }

    private Provider? ReadProvider(Node node, string path)
    {
        if (Mapping(node, path, "a provider", "{org: asml, share: 0.62, source: \"...\", as_of: 2024}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ProviderKeys);
        return new Provider
        {
            Org = f.String("org"),
            Jurisdiction = f.String("jurisdiction"),
            Share = f.Share("share"),
            ShareRange = f.Range("share_range"),
            Source = f.String("source"),
            AsOf = f.String("as_of"),
            Span = f.Span,
        };
    }

    private Substitution? ReadSubstitution(Node node, string path)
    {
        if (Mapping(node, path, "a substitution option", "{jurisdiction: CN, share: 0.2, lead_time_months: 24, ramp_months: 12}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, SubstitutionKeys);
        var jurisdiction = f.RequiredString("jurisdiction", "where the substitute is produced");
        return jurisdiction is null
            ? null
            : new Substitution
            {
                Jurisdiction = jurisdiction,
                Share = f.Share("share"),
                LeadTimeMonths = f.Number("lead_time_months"),
                RampMonths = f.Number("ramp_months"),
                Cost = f.Number("cost"),
                Source = f.String("source"),
                AsOf = f.String("as_of"),
                Span = f.Span,
            };
    }

    private RepositioningAction? ReadAction(Node node, string path)
    {
        if (Mapping(node, path, "an action", "{kind: domestic, share: 0.1, cost: 2e9, lead_time_months: 24}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ActionKeys);
        var kindText = f.RequiredString("kind", "domestic, friendly or stockpile");
        ActionKind? kind = kindText switch
        {
            null => null,
            "domestic" => ActionKind.Domestic,
            "friendly" => ActionKind.Friendly,
            "stockpile" => ActionKind.Stockpile,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            var at = f.Node("kind")!;
            Error(DiagnosticCodes.WrongType, at.Line, at.Column, Join(path, "kind"), $"unknown action kind '{kindText}'.",
                Suggest.Nearest(kindText, ["domestic", "friendly", "stockpile"]) is { } near ? $"Did you mean '{near}'? Kinds: domestic, friendly, stockpile." : "Kinds: domestic, friendly, stockpile.");
        }

        return kind is null
            ? null
            : new RepositioningAction
            {
                Kind = kind.Value,
                Jurisdiction = f.String("jurisdiction"),
                Share = f.Share("share"),
                Months = f.Number("months"),
                Cost = f.Number("cost"),
                LeadTimeMonths = f.Number("lead_time_months"),
                Source = f.String("source"),
                AsOf = f.String("as_of"),
                Span = f.Span,
            };
    }

    private Target? ReadTarget(Node node, string path)
    {
        if (Mapping(node, path, "a target", "{id: ai-phone, component: phone}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, TargetKeys);
        var id = f.RequiredString("id", "a short id such as ai-phone");
        var component = f.RequiredString("component", "the id of the component this capability is");
        return id is null || component is null ? null : new Target { Id = id, Name = f.String("name"), Component = component, Span = f.Span };
    }

    private Scenario? ReadScenario(Node node, string path)
    {
        if (Mapping(node, path, "a scenario", "{name: us-controls, restrict: [US, NL, JP], reach: true}") is not { } map)
        {
            return null;
        }

        var f = Open(map, path, ScenarioKeys);
        var name = f.RequiredString("name", "a short name such as us-controls");
        var (layers, components) = ReadScope(f, path);

        return name is null
            ? null
            : new Scenario
            {
                Name = name,
                Restrict = f.StringList("restrict"),
                Reach = f.Boolean("reach"),
                ScopeLayers = layers,
                ScopeComponents = components,
                StartMonth = f.Number("start_month"),
                Home = f.String("home"),
                Target = f.String("target"),
                Span = f.Span,
            };
    }

    /// <summary>A scenario's or a control's <c>scope: {layers, components}</c>; absent or null: both empty (everything).</summary>
    private (IReadOnlyList<string> Layers, IReadOnlyList<string> Components) ReadScope(NodeFields f, string path)
    {
        if (f.Node("scope") is { } scopeNode and not ScalarNode { IsNull: true }
            && Mapping(scopeNode, $"{path}.scope", "a scope", "{layers: [equipment, eda], components: [hbm]}") is { } scopeMap)
        {
            var scope = Open(scopeMap, $"{path}.scope", ScopeKeys);
            return (scope.StringList("layers"), scope.StringList("components"));
        }

        return ([], []);
    }

    private MappingNode? Mapping(Node node, string path, string what, string example) => NodeFields.Mapping(_sink, node, path, what, example);

    private NodeFields Open(MappingNode map, string path, string[] allowed) => NodeFields.Open(_sink, map, path, allowed);

    private void Error(string code, int line, int column, string path, string message, string fix) =>
        _sink.Error(code, line, column, path, message, fix);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>Reads "0.37", "37%" or "37 %" as 0.37; anything else is null.</summary>
    public static double? ParseShare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (percent)
        {
            t = t[..^1].TrimEnd();
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return null;
        }

        return percent ? value / 100 : value;
    }
}
