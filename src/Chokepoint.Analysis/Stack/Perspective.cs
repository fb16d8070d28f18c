using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Stack;

/// <summary>What the restriction events are: foreign jurisdictions, or firms.</summary>
public enum EventKind
{
    Jurisdictions,
    Firms,
}

/// <summary>
/// The side from which a stack is analysed (DESIGN.md section 2): the home, which jurisdictions
/// count as domestic, which foreign ones never restrict, and whether restrictions reach
/// extraterritorially.
/// </summary>
public sealed record PerspectiveOptions
{
    /// <summary>Default de minimis share for extraterritorial reach.</summary>
    public const double DefaultDeMinimis = 0.25;

    /// <summary>The home jurisdiction; null means the model's <c>home</c>.</summary>
    public string? Home { get; init; }

    /// <summary>Narrows the domestic set to these jurisdictions and their descendants; empty means the home's whole country.</summary>
    public IReadOnlyList<string> Domestic { get; init; } = [];

    /// <summary>Foreign jurisdictions (or blocs) that never restrict.</summary>
    public IReadOnlyList<string> Friendly { get; init; } = [];

    /// <summary>Extraterritorial reach: a restricting jurisdiction also blocks foreign providers that depend on its inputs.</summary>
    public bool Reach { get; init; }

    /// <summary>The share of a required input at or above which a jurisdiction's rule reaches a foreign provider.</summary>
    public double DeMinimis { get; init; } = DefaultDeMinimis;

    public EventKind Events { get; init; } = EventKind.Jurisdictions;

    /// <summary>Whether the model's standing controls are in force (DESIGN.md section 2a); false is the world without today's controls.</summary>
    public bool Standing { get; init; } = true;
}

/// <summary>
/// A standing control in force for one home and target, with the extraterritorial rule it applies
/// (null: none): its own, its jurisdiction's declared one, or the uniform rule (DESIGN.md section 2a).
/// </summary>
public sealed record ControlInForce(Control Control, ReachRule? Rule)
{
    public string Name => Control.Name;
    public string By => Control.By;
}

/// <summary>
/// A resolved perspective over one model: the domestic set, the restriction events, and for each
/// provider the events that block it. Build with <see cref="Create"/>; unknown ids are reported as
/// <see cref="PerspectiveException"/> with a suggestion.
/// </summary>
public sealed class Perspective
{
    private readonly Dictionary<string, int> _eventIndex;
    private readonly HashSet<string> _domestic;

    private Perspective(ModelIndex index, PerspectiveOptions options, string home, HashSet<string> domestic, HashSet<string> friendly, IReadOnlyList<string> events)
    {
        Index = index;
        Options = options;
        Home = home;
        _domestic = domestic;
        Friendly = friendly;
        Events = events;
        _eventIndex = events.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i, StringComparer.Ordinal);
    }

    public ModelIndex Index { get; }
    public PerspectiveOptions Options { get; }
    public string Home { get; }

    /// <summary>Jurisdictions that count as domestic, sorted.</summary>
    public IReadOnlyList<string> Domestic => _domestic.Order(StringComparer.Ordinal).ToList();

    public IReadOnlySet<string> Friendly { get; }

    /// <summary>The restriction events (jurisdiction or firm ids), sorted; their positions are event numbers.</summary>
    public IReadOnlyList<string> Events { get; }

    public int EventNumber(string id) => _eventIndex.TryGetValue(id, out var i) ? i : -1;

    /// <summary>The restriction vector of a coalition: true for each of its members' events.</summary>
    public bool[] Restricted(IEnumerable<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var restricted = new bool[Events.Count];
        foreach (var m in members)
        {
            restricted[EventNumber(m)] = true;
        }

        return restricted;
    }

    public bool IsDomestic(string jurisdiction) => _domestic.Contains(jurisdiction);

    /// <summary>True when the provider produces in a domestic jurisdiction.</summary>
    public bool IsDomestic(Provider provider) =>
        Index.ProductionJurisdiction(provider) is { } j && _domestic.Contains(j);

    /// <summary>
    /// The events that each block a foreign provider directly: its jurisdiction and that jurisdiction's
    /// ancestors (a restriction covers descendants), or its firm. Domestic providers have none.
    /// </summary>
    public IReadOnlyList<int> DirectBlockers(Provider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (IsDomestic(provider))
        {
            return [];
        }

        if (Options.Events == EventKind.Firms)
        {
            return provider.Org is { } org && EventNumber(org) is var f and >= 0 ? [f] : [];
        }

        return CoveringJurisdictionEvents(provider);
    }

    /// <summary>
    /// The jurisdiction events whose restriction covers a foreign provider (DESIGN.md section 2a): its
    /// production jurisdiction and that jurisdiction's ancestors, and the ancestors-and-self of the
    /// jurisdiction controlling its firm. Each event once, in ascending order; none for a domestic provider.
    /// </summary>
    public IReadOnlyList<int> CoveringJurisdictionEvents(Provider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (IsDomestic(provider))
        {
            return [];
        }

        // Called for every provider of every compile (50 of them in a leverage matrix): no LINQ, no sets.
        var result = new List<int>(4);
        Add(Index.ProductionJurisdiction(provider));
        if (Index.ControllingJurisdiction(provider) is { } controller)
        {
            Add(controller);
        }

        result.Sort();
        return result;

        void Add(string? from)
        {
            foreach (var j in Index.AncestorsAndSelf(from))
            {
                if (EventNumber(j) is var e and >= 0 && !result.Contains(e))
                {
                    result.Add(e);
                }
            }
        }
    }

    /// <summary>
    /// True when a restriction by <paramref name="jurisdiction"/> covers <paramref name="provider"/>: it
    /// produces under that jurisdiction, or, being foreign, its firm is controlled from under it.
    /// Independent of the event kind: standing controls are always by jurisdictions.
    /// </summary>
    public bool Covers(string jurisdiction, Provider provider)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        ArgumentNullException.ThrowIfNull(provider);
        return !IsDomestic(provider)
            && (Index.IsUnder(Index.ProductionJurisdiction(provider), jurisdiction) || Index.IsUnder(Index.ControllingJurisdiction(provider), jurisdiction));
    }

    /// <summary>
    /// The extraterritorial rule event <paramref name="e"/> applies when it restricts in this run: none
    /// without reach; with reach, a jurisdiction's declared rule, none for one that declares
    /// <c>reach: false</c>, else the run's uniform rule. Firms have no rules of their own: the uniform one.
    /// </summary>
    public ReachRule? RunRule(int e)
    {
        if (!Options.Reach)
        {
            return null;
        }

        if (Options.Events == EventKind.Jurisdictions && Index.Jurisdictions.TryGetValue(Events[e], out var j))
        {
            if (j.NoReach)
            {
                return null;
            }

            if (j.Reach is { } declared)
            {
                return declared;
            }
        }

        return _uniform ??= new ReachRule { DeMinimis = Options.DeMinimis };
    }

    private ReachRule? _uniform;

    /// <summary>
    /// The standing controls in force when the target is component <paramref name="targetComponent"/>
    /// (null: no particular target, so only controls on every target): those whose targets include it and
    /// whose jurisdiction is neither domestic nor friendly. None when the run drops the standing controls.
    /// </summary>
    public IReadOnlyList<ControlInForce> ControlsInForce(string? targetComponent)
    {
        var model = Index.Model;
        if (!Options.Standing || model.Controls.Count == 0)
        {
            return [];
        }

        var result = new List<ControlInForce>();
        foreach (var control in model.Controls)
        {
            if (control.Targets is { } targets
                && (targetComponent is null || !targets.Any(t => model.Targets.Any(x => x.Id == t && x.Component == targetComponent))))
            {
                continue;
            }

            if (!Index.Jurisdictions.ContainsKey(control.By) || AncestorsAndSelf(control.By).Any(j => _domestic.Contains(j) || Friendly.Contains(j)))
            {
                continue;
            }

            result.Add(new ControlInForce(control, ControlRule(control)));
        }

        return result;
    }

    /// <summary><c>reach: true</c>: the jurisdiction's declared rule, none if it declares <c>reach: false</c>, else the uniform 0.25 rule; a mapping: that rule.</summary>
    private ReachRule? ControlRule(Control control) => RuleOf(Index.Jurisdictions, control);

    /// <summary>
    /// The extraterritorial rule a standing control applies, whoever the home is: it depends on the
    /// control and its jurisdiction only (so a control in force can be rebuilt from the control alone).
    /// </summary>
    public static ReachRule? RuleOf(IReadOnlyDictionary<string, Jurisdiction> jurisdictions, Control control)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        ArgumentNullException.ThrowIfNull(control);
        if (control.Reach is { } own)
        {
            return own;
        }

        if (!control.DeclaredReach)
        {
            return null;
        }

        var by = jurisdictions[control.By];
        return by.NoReach ? null : by.Reach ?? new ReachRule { DeMinimis = PerspectiveOptions.DefaultDeMinimis };
    }

    /// <summary>
    /// With reach: the events holding a share of at least the de minimis of any component that
    /// <paramref name="component"/> requires (group members included). Without reach: none.
    /// </summary>
    public IReadOnlyList<int> ReachBlockers(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (!Options.Reach)
        {
            return [];
        }

        var blockers = new SortedSet<int>();
        foreach (var requiredId in component.Requires.SelectMany(r => r.ComponentIds).Distinct(StringComparer.Ordinal))
        {
            if (!Index.Components.TryGetValue(requiredId, out var required))
            {
                continue;
            }

            foreach (var (eventId, share) in EventShares(required))
            {
                var e = EventNumber(eventId);
                if (RunRule(e) is { } rule && rule.Covers(required.Layer) && Reaches(share, rule.DeMinimis))
                {
                    blockers.Add(e);
                }
            }
        }

        return blockers.ToList();
    }

    /// <summary>A covered share above 0 and at least the de minimis (up to rounding) brings a rule to bear.</summary>
    public static bool Reaches(double coveredShare, double deMinimis) => coveredShare > 0 && coveredShare >= deMinimis - 1e-12;

    /// <summary>
    /// Each event's covered share of a component: a jurisdiction's covers its descendants' and, abroad, the
    /// firms it controls; a firm's is its own.
    /// </summary>
    public IReadOnlyDictionary<string, double> EventShares(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in component.Providers)
        {
            if (p.Share is not { } s)
            {
                continue;
            }

            if (Options.Events == EventKind.Firms)
            {
                if (!IsDomestic(p) && p.Org is { } org && EventNumber(org) >= 0)
                {
                    shares[org] = shares.GetValueOrDefault(org) + s;
                }

                continue;
            }

            foreach (var e in CoveringJurisdictionEvents(p))
            {
                var j = Events[e];
                shares[j] = shares.GetValueOrDefault(j) + s;
            }
        }

        return shares;
    }

    /// <summary>The jurisdiction and its ancestors, nearest first.</summary>
    public IEnumerable<string> AncestorsAndSelf(string? jurisdiction) => Index.AncestorsAndSelf(jurisdiction);

    /// <summary>Resolves <paramref name="options"/> against a validated model.</summary>
    public static Perspective Create(StackModel model, PerspectiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var index = new ModelIndex(model);
        var home = options.Home ?? model.Home
            ?? throw new PerspectiveException("no home given: the model has no 'home:' and the request names none.", "Name a home jurisdiction, or add home: to the model.", "home");
        RequireJurisdiction(index, home, "home");
        if (options.DeMinimis is < 0 or > 1 || double.IsNaN(options.DeMinimis))
        {
            throw new PerspectiveException($"de minimis {options.DeMinimis} is outside [0, 1].", "Give a share such as 0.25.", "de_minimis");
        }

        var children = index.Model.Jurisdictions.Where(j => j.Parent is not null)
            .GroupBy(j => j.Parent!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(j => j.Id).ToList(), StringComparer.Ordinal);
        var roots = options.Domestic.Count > 0 ? options.Domestic : [index.CountryOf(home)];
        var domestic = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            RequireJurisdiction(index, root, "domestic");
            AddSubtree(root);
        }

        if (!domestic.Contains(home))
        {
            throw new PerspectiveException($"the home {home} is not inside the domestic set {string.Join(",", roots)}.", "Narrow the domestic set to the home or a jurisdiction that contains it.", "domestic");
        }

        var friendly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in options.Friendly)
        {
            if (model.Blocs.FirstOrDefault(b => b.Id == f) is { } bloc)
            {
                friendly.UnionWith(bloc.Members);
                continue;
            }

            RequireJurisdiction(index, f, "friendly");
            friendly.Add(f);
        }

        IReadOnlyList<string> events;
        if (options.Events == EventKind.Firms)
        {
            // Foreign firms whose production is not friendly: a firm is lost as a whole.
            events = model.Components.SelectMany(c => c.Providers)
                .Where(p => p.Org is not null && index.ProductionJurisdiction(p) is { } j && !domestic.Contains(j) && !IsFriendly(j))
                .Select(p => p.Org!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var p in model.Components.SelectMany(c => c.Providers))
            {
                if (index.ProductionJurisdiction(p) is not { } where || domestic.Contains(where))
                {
                    continue;
                }

                // A restriction covers where the provider produces and, abroad, who controls the firm.
                foreach (var j in index.AncestorsAndSelf(where).Concat(index.AncestorsAndSelf(index.ControllingJurisdiction(p))))
                {
                    if (!domestic.Contains(j) && !IsFriendly(j))
                    {
                        set.Add(j);
                    }
                }
            }

            events = set.ToList();
        }

        return new Perspective(index, options, home, domestic, friendly, events);

        void AddSubtree(string root)
        {
            var stack = new Stack<string>([root]);
            while (stack.Count > 0)
            {
                var j = stack.Pop();
                if (domestic.Add(j) && children.TryGetValue(j, out var kids))
                {
                    kids.ForEach(stack.Push);
                }
            }
        }

        bool IsFriendly(string j) => index.AncestorsAndSelf(j).Any(friendly.Contains);
    }

    private static void RequireJurisdiction(ModelIndex index, string id, string what)
    {
        if (!index.Jurisdictions.ContainsKey(id))
        {
            var near = Validation.Suggest.Nearest(id, index.Jurisdictions.Keys);
            throw new PerspectiveException($"unknown jurisdiction '{id}' in the {what} set.",
                near is null ? $"Known jurisdictions: {string.Join(", ", index.Jurisdictions.Keys.Order(StringComparer.Ordinal))}." : $"Did you mean '{near}'?", what);
        }
    }
}

/// <summary>An analysis request that does not fit the model: an unknown home, jurisdiction or component.</summary>
public sealed class PerspectiveException(string message, string fix, string? field = null) : Exception(message)
{
    public string Fix { get; } = fix;

    /// <summary>The request field at fault, by its neutral name (home, target, prob, max_order, ...), when one is; adapters spell it their way.</summary>
    public string? Field { get; } = field;
}
