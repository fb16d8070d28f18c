using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Stack;

/// <summary>
/// A model compiled for one perspective into flat arrays, so availability and capacity under a
/// restriction set can be evaluated quickly and many times (scenarios, leverage, Monte Carlo).
/// It implements DESIGN.md sections 2 and 3 directly: no gate graph, no approximation.
/// </summary>
public sealed class CompiledStack
{
    /// <summary>Summed shares within this of a threshold count as meeting it (shares are decimal figures in binary doubles).</summary>
    public const double ShareEpsilon = 1e-9;

    private readonly ProviderSlot[][] _providers;
    private readonly RequirementSlot[][] _requires;
    private readonly double?[] _threshold;
    private readonly int[] _order;
    private readonly Dictionary<string, int> _byId;

    // Kept so that a copy with other shares can be made without recompiling (Monte Carlo).
    private readonly bool[][] _domestic;
    private readonly int[][][] _direct;
    private readonly int[][][] _covering;
    private readonly int[][] _requiredIds;
    private readonly int[] _layer;
    private readonly EventRule?[] _runRules;
    private readonly bool _anyRunRule;
    private readonly CompiledControl[] _controls;
    private int[][]? _heavy;
    private bool[][]? _caught;

    /// <summary>
    /// Compiles the model for <paramref name="perspective"/> with the standing controls in force for
    /// target component <paramref name="targetComponent"/> (DESIGN.md section 2a; null: only controls on
    /// every target). Those controls are constants: every evaluation starts from them.
    /// </summary>
    public CompiledStack(Perspective perspective, string? targetComponent)
    {
        ArgumentNullException.ThrowIfNull(perspective);
        Perspective = perspective;
        var components = perspective.Index.Model.Components;
        Ids = components.Select(c => c.Id).ToArray();
        _byId = Ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        _threshold = components.Select(c => c.Threshold).ToArray();
        _requires = components.Select(c => c.Requires.Select(r => r switch
        {
            ComponentRequirement plain => new RequirementSlot([_byId[plain.ComponentId]], 1),
            AnyOfRequirement g => new RequirementSlot(g.Members.Distinct(StringComparer.Ordinal).Select(m => _byId[m]).ToArray(), g.K),
            _ => throw new InvalidOperationException("unknown requirement kind"),
        }).ToArray()).ToArray();
        _requiredIds = _requires.Select(rs => rs.SelectMany(r => r.Members).Distinct().ToArray()).ToArray();
        _domestic = components.Select(c => c.Providers.Select(perspective.IsDomestic).ToArray()).ToArray();
        _covering = components.Select(c => c.Providers.Select(p => CoveringEvents(perspective, p)).ToArray()).ToArray();
        // With jurisdictions as the events, the events that block a provider directly are those that cover it.
        _direct = perspective.Options.Events == EventKind.Jurisdictions
            ? _covering
            : components.Select(c => c.Providers.Select(p => perspective.DirectBlockers(p).ToArray()).ToArray()).ToArray();

        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        _layer = components.Select(c => LayerNumber(c.Layer)).ToArray();
        _runRules = Enumerable.Range(0, perspective.Events.Count).Select(e => perspective.RunRule(e) is { } r ? EventRule.Of(r, LayerNumber) : null).ToArray();
        _anyRunRule = _runRules.Any(r => r is not null);
        ControlsInForce = perspective.ControlsInForce(targetComponent);
        _controls = ControlsInForce.Select(k => CompiledControl.Of(k, perspective, components, _covering, _layer, LayerNumber)).ToArray();
        _providers = Slots(components.Select(c => c.Providers.Select(p => p.Share ?? 0).ToArray()).ToArray());
        _order = TopologicalOrder();

        int LayerNumber(string layer)
        {
            if (!layers.TryGetValue(layer, out var n))
            {
                n = layers.Count;
                layers[layer] = n;
            }

            return n;
        }
    }

    private CompiledStack(CompiledStack structure, double[][] shares)
    {
        Perspective = structure.Perspective;
        Ids = structure.Ids;
        _byId = structure._byId;
        _threshold = structure._threshold;
        _requires = structure._requires;
        _requiredIds = structure._requiredIds;
        _domestic = structure._domestic;
        _direct = structure._direct;
        _covering = structure._covering;
        _layer = structure._layer;
        _runRules = structure._runRules;
        _anyRunRule = structure._anyRunRule;
        _controls = structure._controls;
        ControlsInForce = structure.ControlsInForce;
        _order = structure._order;
        _providers = Slots(shares, structure);
    }

    /// <summary>The same stack with other provider shares (by component, then provider, in model order), e.g. one Monte Carlo sample.</summary>
    public CompiledStack WithShares(double[][] shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return new CompiledStack(this, shares);
    }

    /// <summary>The shares every provider has in this stack, by component, then provider.</summary>
    public double[][] Shares() => _providers.Select(ps => ps.Select(p => p.Share).ToArray()).ToArray();

    /// <summary>The standing controls in force, in model order: constants of every evaluation.</summary>
    public IReadOnlyList<ControlInForce> ControlsInForce { get; }

    /// <summary>Events whose covered share of a component includes this provider's: its jurisdiction and ancestors, its controller abroad, or its firm.</summary>
    private static int[] CoveringEvents(Perspective perspective, Provider provider)
    {
        if (perspective.Options.Events == EventKind.Firms)
        {
            // A firm's production on domestic soil stays under the home's control: it is not the firm's to withhold.
            return !perspective.IsDomestic(provider) && provider.Org is { } org && perspective.EventNumber(org) is var f and >= 0 ? [f] : [];
        }

        return [.. perspective.CoveringJurisdictionEvents(provider)];
    }

    /// <summary>
    /// Provider slots for the given shares. With reach, a foreign provider of c is also blocked by any
    /// event whose rule bears on a component c requires, computed from these shares; a foreign provider
    /// that a control in force covers, directly or through its rule, is lost for good (standing).
    /// </summary>
    private ProviderSlot[][] Slots(double[][] shares, CompiledStack? reuse = null)
    {
        var n = _requires.Length;
        var events = EventCount;
        int[][]? heavy = null;
        if (_anyRunRule)
        {
            // Flat arrays over events instead of dictionaries: this runs once per Monte Carlo sample.
            heavy = new int[n][];
            var sum = new double[events];
            var isTouched = new bool[events];
            var touched = new List<int>();
            for (var r = 0; r < n; r++)
            {
                for (var p = 0; p < shares[r].Length; p++)
                {
                    foreach (var e in _covering[r][p])
                    {
                        if (!isTouched[e])
                        {
                            isTouched[e] = true;
                            touched.Add(e);
                        }

                        sum[e] += shares[r][p];
                    }
                }

                var count = 0;
                foreach (var e in touched)
                {
                    if (Bears(e, r, sum[e]))
                    {
                        count++;
                    }
                }

                var list = new int[count];
                count = 0;
                foreach (var e in touched)
                {
                    if (Bears(e, r, sum[e]))
                    {
                        list[count++] = e;
                    }

                    sum[e] = 0;
                    isTouched[e] = false;
                }

                touched.Clear();
                heavy[r] = list;
            }

            _heavy = heavy;
        }

        // Components whose foreign providers a control's rule catches through their inputs.
        var caught = new bool[_controls.Length][];
        for (var k = 0; k < _controls.Length; k++)
        {
            caught[k] = _controls[k].Caught(shares, _requiredIds);
        }

        _caught = caught.Length == 0 ? null : caught;

        // A sample usually leaves every event on the same side of the de minimis: where none of a
        // component's inputs changed side, its blockers are the compiled stack's, reused as they are.
        bool[]? changed = null;
        if (heavy is not null && reuse?._heavy is { } before)
        {
            changed = new bool[n];
            for (var r = 0; r < n; r++)
            {
                changed[r] = !heavy[r].AsSpan().SequenceEqual(before[r]);
            }
        }

        var slots = new ProviderSlot[n][];
        var mark = new int[events];
        var stamp = 0;
        var reach = new List<int>();
        for (var c = 0; c < n; c++)
        {
            reach.Clear();
            if (changed is not null && !_requiredIds[c].Any(r => changed[r]))
            {
                var baseSlots = reuse!._providers[c];
                slots[c] = new ProviderSlot[shares[c].Length];
                for (var p = 0; p < shares[c].Length; p++)
                {
                    slots[c][p] = new ProviderSlot(shares[c][p], baseSlots[p].Domestic, baseSlots[p].Blockers, Standing(c, p));
                }

                continue;
            }

            if (heavy is not null)
            {
                stamp++;
                foreach (var r in _requiredIds[c])
                {
                    foreach (var e in heavy[r])
                    {
                        if (mark[e] != stamp)
                        {
                            mark[e] = stamp;
                            reach.Add(e);
                        }
                    }
                }
            }

            slots[c] = new ProviderSlot[shares[c].Length];
            var reachArray = reach.Count == 0 ? [] : reach.ToArray();
            for (var p = 0; p < shares[c].Length; p++)
            {
                // A repeated event in a blocker list is harmless: the evaluator stops at the first one restricted.
                var direct = _direct[c][p];
                var blockers = _domestic[c][p] ? [] : reachArray.Length == 0 ? direct : direct.Length == 0 ? reachArray : [.. direct, .. reachArray];
                slots[c][p] = new ProviderSlot(shares[c][p], _domestic[c][p], blockers, Standing(c, p));
            }
        }

        return slots;

        bool Standing(int c, int p)
        {
            if (_domestic[c][p])
            {
                return false;
            }

            for (var k = 0; k < _controls.Length; k++)
            {
                if (_controls[k].Scope[c] && (caught[k][c] || _controls[k].CoversProvider(c, p)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when event e's run rule bears on required component r, whose covered share for e is <paramref name="covered"/>.</summary>
    private bool Bears(int e, int r, double covered) =>
        _runRules[e] is { } rule && rule.Covers(_layer[r]) && Perspective.Reaches(covered, rule.DeMinimis);

    public Perspective Perspective { get; }

    /// <summary>Component ids, in model order; positions are component numbers.</summary>
    public IReadOnlyList<string> Ids { get; }

    public int ComponentCount => Ids.Count;

    public int EventCount => Perspective.Events.Count;

    public int IndexOf(string componentId) => _byId.TryGetValue(componentId, out var i) ? i : -1;

    /// <summary>Component numbers such that every component comes after everything it requires.</summary>
    public IReadOnlyList<int> Order => _order;

    /// <summary>The requirements of a component as (members, k) pairs; a plain requirement is one member with k = 1.</summary>
    public IReadOnlyList<(IReadOnlyList<int> Members, int K)> Requirements(int component) =>
        _requires[component].Select(r => ((IReadOnlyList<int>)r.Members, r.K)).ToList();

    /// <summary>
    /// The providers of a component: share (0 when unknown), domestic or not, the events that block it,
    /// and whether a control in force has already lost it.
    /// </summary>
    public IReadOnlyList<(double Share, bool Domestic, IReadOnlyList<int> Blockers, bool Standing)> Providers(int component) =>
        _providers[component].Select(p => (p.Share, p.Domestic, (IReadOnlyList<int>)p.Blockers, p.Standing)).ToList();

    public double? Threshold(int component) => _threshold[component];

    /// <summary>The components this one requires, members of <c>any_of</c> groups included, each once.</summary>
    public IReadOnlyList<int> Inputs(int component) => _requiredIds[component];

    /// <summary>Marks <paramref name="target"/> and every component it requires, directly or not.</summary>
    public bool[] NeededBy(int target)
    {
        var needed = new bool[ComponentCount];
        var pending = new Stack<int>([target]);
        needed[target] = true;
        while (pending.Count > 0)
        {
            foreach (var req in _requires[pending.Pop()])
            {
                foreach (var m in req.Members)
                {
                    if (!needed[m])
                    {
                        needed[m] = true;
                        pending.Push(m);
                    }
                }
            }
        }

        return needed;
    }

    /// <summary>
    /// Availability and accessible capacity of every component when the events in
    /// <paramref name="restricted"/> hold (jurisdiction J restricts, or firm F is lost).
    /// </summary>
    public StackState Evaluate(ReadOnlySpan<bool> restricted) => Evaluate(restricted, null);

    /// <summary>
    /// The same under a scenario's conditions: restrictions limited to a scope, components held at
    /// their unrestricted state by stockpiles, and substitution providers added (DESIGN.md section 3).
    /// </summary>
    public StackState Evaluate(ReadOnlySpan<bool> restricted, EvaluationConditions? conditions)
    {
        if (restricted.Length != EventCount)
        {
            throw new ArgumentException($"expected {EventCount} events, got {restricted.Length}", nameof(restricted));
        }

        var available = new bool[ComponentCount];
        var capacity = new double[ComponentCount];
        foreach (var c in _order)
        {
            if (conditions?.Frozen is { } frozen && frozen[c])
            {
                available[c] = conditions.FrozenState!.Available[c];
                capacity[c] = conditions.FrozenState.Capacity[c];
                continue;
            }

            var requirementsMet = true;
            var requirementCapacity = 1.0;
            foreach (var req in _requires[c])
            {
                var count = 0;
                foreach (var m in req.Members)
                {
                    if (available[m])
                    {
                        count++;
                    }
                }

                if (count < req.K)
                {
                    requirementsMet = false;
                    requirementCapacity = 0;
                    break;
                }

                requirementCapacity = Math.Min(requirementCapacity, KthLargest(req, capacity));
            }

            var scoped = conditions?.InScope is not { } scope || scope[c];
            var any = false;
            var share = 0.0;
            var cap = 0.0;
            Accumulate(_providers[c], restricted, scoped, requirementsMet, requirementCapacity, ref any, ref share, ref cap);
            if (conditions?.ExtraProviders is { } extra && extra[c] is { } more)
            {
                Accumulate(more, restricted, scoped, requirementsMet, requirementCapacity, ref any, ref share, ref cap);
            }

            available[c] = _threshold[c] is { } t ? share >= t - ShareEpsilon : any;
            capacity[c] = available[c] ? Math.Min(1, cap) : 0;
        }

        return new StackState(available, capacity);
    }

    private static void Accumulate(IReadOnlyList<ProviderSlot> providers, ReadOnlySpan<bool> restricted, bool scoped, bool requirementsMet, double requirementCapacity, ref bool any, ref double share, ref double cap)
    {
        foreach (var p in providers)
        {
            bool ok;
            double m;
            if (p.Domestic)
            {
                ok = requirementsMet;
                m = requirementCapacity;
            }
            else if (p.Standing)
            {
                ok = false;
                m = 1;
            }
            else
            {
                ok = true;
                if (scoped)
                {
                    foreach (var e in p.Blockers)
                    {
                        if (restricted[e])
                        {
                            ok = false;
                            break;
                        }
                    }
                }

                m = 1;
            }

            if (ok)
            {
                any = true;
                share += p.Share;
                cap += p.Share * m;
            }
        }
    }

    /// <summary>
    /// A provider slot for a substitution option of component <paramref name="component"/> in
    /// <paramref name="jurisdiction"/> with share <paramref name="share"/>: blocked like any provider
    /// there, and lost for good when a control in force covers it.
    /// </summary>
    public ProviderSlot SubstituteSlot(int component, string jurisdiction, double share)
    {
        var perspective = Perspective;
        if (perspective.IsDomestic(jurisdiction))
        {
            return new ProviderSlot(share, true, [], false);
        }

        var direct = Perspective.Options.Events == EventKind.Firms
            ? []
            : perspective.AncestorsAndSelf(jurisdiction).Select(perspective.EventNumber).Where(e => e >= 0);
        var reach = perspective.ReachBlockers(perspective.Index.Components[Ids[component]]);
        var provider = new Provider { Jurisdiction = jurisdiction, Share = share };
        var standing = false;
        for (var k = 0; k < _controls.Length; k++)
        {
            standing |= _controls[k].Scope[component] && (_caught![k][component] || perspective.Covers(_controls[k].By, provider));
        }

        return new ProviderSlot(share, false, direct.Concat(reach).Distinct().Order().ToArray(), standing);
    }

    private static double KthLargest(RequirementSlot req, double[] capacity)
    {
        if (req.Members.Length == 1)
        {
            return capacity[req.Members[0]];
        }

        Span<double> values = req.Members.Length <= 32 ? stackalloc double[req.Members.Length] : new double[req.Members.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = capacity[req.Members[i]];
        }

        values.Sort();
        return values[values.Length - req.K];
    }

    private int[] TopologicalOrder()
    {
        var order = new List<int>(ComponentCount);
        var inputsOf = _requires.Select(rs => rs.SelectMany(r => r.Members).ToArray()).ToArray();
        Logic.Graph.DepthFirst.Walk(ComponentCount, Enumerable.Range(0, ComponentCount), c => inputsOf[c].Length, (c, k) => inputsOf[c][k],
            (_, _, path) => throw new InvalidOperationException($"requires cycle through '{Ids[path[0]]}': validate the model first"),
            order.Add);
        return order.ToArray();
    }

    /// <summary>
    /// One provider as the evaluator sees it: share (0 when unknown), domestic or not, the events that
    /// block it, and whether a control in force has lost it already (<see cref="Standing"/>).
    /// </summary>
    public sealed record ProviderSlot(double Share, bool Domestic, int[] Blockers, bool Standing = false);

    private sealed record RequirementSlot(int[] Members, int K);

    /// <summary>An extraterritorial rule over layer numbers; <see cref="Layers"/> null means every layer.</summary>
    private sealed record EventRule(double DeMinimis, bool[]? Layers)
    {
        public static EventRule Of(ReachRule rule, Func<string, int> layerNumber)
        {
            if (rule.Layers.Count == 0)
            {
                return new EventRule(rule.DeMinimis, null);
            }

            var numbers = rule.Layers.Select(layerNumber).ToList();
            var mask = new bool[numbers.Max() + 1];
            numbers.ForEach(n => mask[n] = true);
            return new EventRule(rule.DeMinimis, mask);
        }

        public bool Covers(int layer) => Layers is null || (layer < Layers.Length && Layers[layer]);
    }

    /// <summary>
    /// A control in force over component numbers: its scope, the providers its jurisdiction covers
    /// (by component; null where none), and its rule; <see cref="Layer"/> is the stack's layer number of each component.
    /// </summary>
    private sealed record CompiledControl(string By, bool[] Scope, int[]?[] Covered, EventRule? Rule, int[] Layer)
    {
        public static CompiledControl Of(ControlInForce control, Perspective perspective, IReadOnlyList<Component> components, int[][][] covering, int[] layer, Func<string, int> layerNumber)
        {
            var scope = new bool[components.Count];
            var covered = new int[]?[components.Count];
            // With jurisdictions as the events, the control's jurisdiction covers exactly the providers whose covering
            // events include it (a jurisdiction in force is foreign and not friendly, so it is an event wherever it covers).
            var byEvent = perspective.Options.Events == EventKind.Jurisdictions ? perspective.EventNumber(control.By) : -2;
            for (var c = 0; c < components.Count; c++)
            {
                scope[c] = control.Control.InScope(components[c].Id, components[c].Layer);
                var providers = components[c].Providers;
                List<int>? list = null;
                for (var p = 0; p < providers.Count; p++)
                {
                    var covers = byEvent == -2 ? perspective.Covers(control.By, providers[p]) : byEvent >= 0 && Array.IndexOf(covering[c][p], byEvent) >= 0;
                    if (covers)
                    {
                        (list ??= []).Add(p);
                    }
                }

                covered[c] = list?.ToArray();
            }

            return new CompiledControl(control.By, scope, covered, control.Rule is { } rule ? EventRule.Of(rule, layerNumber) : null, layer);
        }

        public bool CoversProvider(int c, int p) => Covered[c] is { } list && Array.IndexOf(list, p) >= 0;

        /// <summary>By component: whether the rule catches its foreign providers through a required component (DESIGN.md section 2a).</summary>
        public bool[] Caught(double[][] shares, int[][] requiredIds)
        {
            var caught = new bool[Scope.Length];
            if (Rule is not { } rule)
            {
                return caught;
            }

            var bears = new bool[Scope.Length];
            for (var r = 0; r < Scope.Length; r++)
            {
                if (Covered[r] is { } list && rule.Covers(Layer[r]))
                {
                    var sum = 0.0;
                    foreach (var p in list)
                    {
                        sum += shares[r][p];
                    }

                    bears[r] = Perspective.Reaches(sum, rule.DeMinimis);
                }
            }

            for (var c = 0; c < Scope.Length; c++)
            {
                if (Scope[c])
                {
                    foreach (var r in requiredIds[c])
                    {
                        if (bears[r])
                        {
                            caught[c] = true;
                            break;
                        }
                    }
                }
            }

            return caught;
        }
    }
}

/// <summary>
/// Scenario conditions for <see cref="CompiledStack.Evaluate(ReadOnlySpan{bool}, EvaluationConditions?)"/>,
/// each array by component number and each optional: <see cref="InScope"/> marks components whose
/// foreign providers a restriction covers (null: all); <see cref="Frozen"/> marks components that
/// keep <see cref="FrozenState"/> (stockpiles); <see cref="ExtraProviders"/> adds providers (substitutions).
/// </summary>
public sealed record EvaluationConditions(
    IReadOnlyList<bool>? InScope = null,
    IReadOnlyList<bool>? Frozen = null,
    StackState? FrozenState = null,
    IReadOnlyList<IReadOnlyList<CompiledStack.ProviderSlot>?>? ExtraProviders = null);

/// <summary>Availability and accessible capacity (0–1) of every component, by component number.</summary>
public sealed record StackState(IReadOnlyList<bool> Available, IReadOnlyList<double> Capacity);
