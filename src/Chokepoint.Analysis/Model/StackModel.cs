namespace Chokepoint.Analysis.Model;

/// <summary>
/// A technology stack in the <c>chokepoint/v1</c> format: jurisdictions, blocs, organizations,
/// components with their requirements and providers, and named targets. Immutable.
/// See DESIGN.md section 1 for the meaning of every field.
/// </summary>
public sealed record StackModel
{
    /// <summary>The only schema this version reads and writes.</summary>
    public const string SchemaV1 = "chokepoint/v1";

    /// <summary>Default provider-share tolerance: shares of one component may sum to at most 1 + this.</summary>
    public const double DefaultShareTolerance = 0.02;

    public string Schema { get; init; } = SchemaV1;
    public string? Name { get; init; }

    /// <summary>The jurisdiction from whose side the stack is usually analysed; <c>--home</c> overrides it.</summary>
    public string? Home { get; init; }

    /// <summary>As written; <see cref="EffectiveShareTolerance"/> applies the default.</summary>
    public double? ShareTolerance { get; init; }

    /// <summary>Credit and licence notices that the model's data requires (for imported data); <c>show</c> prints them.</summary>
    public string? Attribution { get; init; }

    /// <summary>Relative paths of included component libraries, as written. Empty once a loader has merged them.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<Jurisdiction> Jurisdictions { get; init; } = [];
    public IReadOnlyList<Bloc> Blocs { get; init; } = [];
    public IReadOnlyList<Organization> Organizations { get; init; } = [];
    public IReadOnlyList<Component> Components { get; init; } = [];
    public IReadOnlyList<Target> Targets { get; init; } = [];

    /// <summary>Saved export-control scenarios, run by name.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; init; } = [];

    /// <summary>Standing controls: restrictions in force today, the status quo every analysis starts from (DESIGN.md section 2a).</summary>
    public IReadOnlyList<Control> Controls { get; init; } = [];

    /// <summary>Where the document root was read from.</summary>
    public SourceSpan? Span { get; init; }

    public double EffectiveShareTolerance => ShareTolerance ?? DefaultShareTolerance;
}

/// <summary>A country (ISO 3166 code) or a subdivision of one (such as <c>CN-GD</c>, parent <c>CN</c>).</summary>
public sealed record Jurisdiction : ILocated
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? Parent { get; init; }

    /// <summary>The probability (0–1) that this jurisdiction restricts supply, for P(cut) and importance; null when unknown.</summary>
    public double? RestrictionProbability { get; init; }

    /// <summary>
    /// The jurisdiction's declared extraterritorial rule (<c>reach: {de_minimis, layers}</c>); null when
    /// it declares none, and then <see cref="NoReach"/> says whether it declared that it has none.
    /// </summary>
    public ReachRule? Reach { get; init; }

    /// <summary>True for <c>reach: false</c>: the jurisdiction has no extraterritorial rule, even in a run with reach.</summary>
    public bool NoReach { get; init; }

    public SourceSpan? Span { get; init; }
}

/// <summary>
/// An extraterritorial rule (DESIGN.md section 2a): a restriction also loses a foreign provider of c when
/// the restricting jurisdiction's covered share of a component c requires is above 0 and at least
/// <see cref="DeMinimis"/>, counting only required components whose layer is in <see cref="Layers"/>
/// (every layer when empty).
/// </summary>
public sealed record ReachRule : ILocated
{
    public required double DeMinimis { get; init; }

    /// <summary>Layers of the required components the rule looks at; empty means every layer.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    public SourceSpan? Span { get; init; }

    /// <summary>True when the rule looks at required components of <paramref name="layer"/>.</summary>
    public bool Covers(string layer) => Layers.Count == 0 || Layers.Contains(layer, StringComparer.Ordinal);
}

/// <summary>
/// A standing control (DESIGN.md section 2a): a restriction already in force, by one jurisdiction, on
/// some targets (all when <see cref="Targets"/> is null), covering the components in its scope (all when
/// both scope lists are empty), with an extraterritorial rule or none.
/// </summary>
public sealed record Control : ILocated
{
    public required string Name { get; init; }

    /// <summary>The restricting jurisdiction.</summary>
    public required string By { get; init; }

    /// <summary>Target ids the control applies to; null means every target.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    public IReadOnlyList<string> ScopeLayers { get; init; } = [];

    public IReadOnlyList<string> ScopeComponents { get; init; } = [];

    /// <summary><c>reach: true</c>: the control uses its jurisdiction's declared rule.</summary>
    public bool DeclaredReach { get; init; }

    /// <summary><c>reach: {de_minimis, layers}</c>: the control's own rule. Null with <see cref="DeclaredReach"/> false: no reach.</summary>
    public ReachRule? Reach { get; init; }

    public string? Source { get; init; }
    public string? AsOf { get; init; }
    public SourceSpan? Span { get; init; }

    /// <summary>True when a component of this layer and id is in the control's scope.</summary>
    public bool InScope(string componentId, string layer) =>
        (ScopeLayers.Count == 0 && ScopeComponents.Count == 0)
        || ScopeLayers.Contains(layer, StringComparer.Ordinal)
        || ScopeComponents.Contains(componentId, StringComparer.Ordinal);
}

/// <summary>A named set of jurisdictions, such as <c>EU</c> or <c>Chip4</c>.</summary>
public sealed record Bloc : ILocated
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];
    public SourceSpan? Span { get; init; }
}

/// <summary>A firm, headquartered in <see cref="Hq"/>, possibly owned from another jurisdiction.</summary>
public sealed record Organization : ILocated
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Hq { get; init; }

    /// <summary>
    /// The jurisdiction that controls the firm (ownership). Outside the home's domestic set, that
    /// jurisdiction's restriction covers every provider entry of the firm, wherever it produces.
    /// <see cref="Hq"/> alone implies no control.
    /// </summary>
    public string? ControlledBy { get; init; }
    public SourceSpan? Span { get; init; }
}

/// <summary>One input of the stack at one layer, with what domestic producers need and who supplies it.</summary>
public sealed record Component : ILocated
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>An open list: material, equipment, eda, ip, design, fabrication, packaging, memory, chip, device, os, framework, cloud, app-store, app, service, …</summary>
    public required string Layer { get; init; }

    /// <summary>The broader component this one is a type of (a category, not a substitute: the parent's share already includes it).</summary>
    public string? Category { get; init; }

    /// <summary>Inputs every domestic producer needs: all plain requirements, and k of each group.</summary>
    public IReadOnlyList<Requirement> Requires { get; init; } = [];

    public IReadOnlyList<Provider> Providers { get; init; } = [];

    /// <summary>Accessible share (0–1) needed for the component to count as available; null means any provider at all.</summary>
    public double? Threshold { get; init; }

    public IReadOnlyList<Substitution> Substitution { get; init; } = [];

    /// <summary>Candidate investments for the repositioning optimizer: new providers or a stockpile.</summary>
    public IReadOnlyList<RepositioningAction> Actions { get; init; } = [];

    /// <summary>Months of stock that keep the unrestricted capacity after a restriction starts.</summary>
    public double? StockpileMonths { get; init; }

    public string? Source { get; init; }
    public string? AsOf { get; init; }
    public SourceSpan? Span { get; init; }
}

/// <summary>An entry of <c>requires</c>: one component, or k of a group of substitutes.</summary>
public abstract record Requirement : ILocated
{
    public SourceSpan? Span { get; init; }

    /// <summary>Every component id the requirement names.</summary>
    public abstract IReadOnlyList<string> ComponentIds { get; }
}

/// <summary>A plain requirement: the named component is needed.</summary>
public sealed record ComponentRequirement(string ComponentId) : Requirement
{
    public override IReadOnlyList<string> ComponentIds => [ComponentId];
}

/// <summary>At least <see cref="K"/> of <see cref="Members"/> are needed (substitutes).</summary>
public sealed record AnyOfRequirement(IReadOnlyList<string> Members, int K = 1) : Requirement
{
    public override IReadOnlyList<string> ComponentIds => Members;
}

/// <summary>
/// A supplier of a component. Production happens in <see cref="Jurisdiction"/>, which defaults to the
/// organization's headquarters. A provider with no share counts as present but adds nothing to capacity.
/// </summary>
public sealed record Provider : ILocated
{
    public string? Org { get; init; }
    public string? Jurisdiction { get; init; }

    /// <summary>Fraction of world supply, 0–1.</summary>
    public double? Share { get; init; }

    public ShareRange? ShareRange { get; init; }
    public string? Source { get; init; }
    public string? AsOf { get; init; }
    public SourceSpan? Span { get; init; }

    /// <summary>True when <see cref="Source"/> marks the figure as an estimate rather than a cited measurement.</summary>
    public bool IsEstimate => Source is not null && Source.TrimStart().StartsWith("estimate", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The plausible range of a share, both ends in 0–1.</summary>
public readonly record struct ShareRange(double Low, double High);

/// <summary>A way to replace lost supply: one more provider that ramps up after a lead time.</summary>
public sealed record Substitution : ILocated
{
    public required string Jurisdiction { get; init; }
    public double? Share { get; init; }
    public double? LeadTimeMonths { get; init; }
    public double? RampMonths { get; init; }
    public double? Cost { get; init; }
    public string? Source { get; init; }
    public string? AsOf { get; init; }
    public SourceSpan? Span { get; init; }
}

/// <summary>
/// A saved export-control scenario: who restricts, on what (a scope of layers and components; empty
/// means everything), with or without extraterritorial reach, from which month.
/// </summary>
public sealed record Scenario : ILocated
{
    public required string Name { get; init; }

    /// <summary>Restricting jurisdictions or blocs.</summary>
    public IReadOnlyList<string> Restrict { get; init; } = [];

    public bool? Reach { get; init; }

    /// <summary>Layers whose components the restriction covers; with <see cref="ScopeComponents"/> empty too, it covers everything.</summary>
    public IReadOnlyList<string> ScopeLayers { get; init; } = [];

    public IReadOnlyList<string> ScopeComponents { get; init; } = [];

    /// <summary>The month the restriction starts, for labelling recovery curves.</summary>
    public double? StartMonth { get; init; }

    /// <summary>The home it is meant for; null means the model's home.</summary>
    public string? Home { get; init; }

    /// <summary>The target it is meant for; null means the model's first target.</summary>
    public string? Target { get; init; }

    public SourceSpan? Span { get; init; }
}

/// <summary>What a repositioning action does.</summary>
public enum ActionKind
{
    /// <summary>Add a domestic provider (in the home's country, or the given domestic jurisdiction).</summary>
    Domestic,

    /// <summary>Add a provider in a friendly jurisdiction, which never restricts.</summary>
    Friendly,

    /// <summary>Build a stockpile of so many months.</summary>
    Stockpile,
}

/// <summary>
/// A candidate investment on a component (DESIGN.md section 3, constraint repositioning): add a
/// domestic or friendly provider with a share, or a stockpile of some months; each with a cost and
/// a lead time.
/// </summary>
public sealed record RepositioningAction : ILocated
{
    public required ActionKind Kind { get; init; }

    /// <summary>Where the new provider produces; for domestic actions it defaults to the home.</summary>
    public string? Jurisdiction { get; init; }

    public double? Share { get; init; }

    /// <summary>Months of stock, for a stockpile.</summary>
    public double? Months { get; init; }

    public double? Cost { get; init; }
    public double? LeadTimeMonths { get; init; }
    public string? Source { get; init; }
    public string? AsOf { get; init; }
    public SourceSpan? Span { get; init; }
}

/// <summary>A named capability: one component, such as "AI smartphone built in Guangdong".</summary>
public sealed record Target : ILocated
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Component { get; init; }
    public SourceSpan? Span { get; init; }
}
