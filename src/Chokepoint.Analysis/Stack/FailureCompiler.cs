using Chokepoint.Logic;
using Chokepoint.Logic.Graph;

namespace Chokepoint.Analysis.Stack;

/// <summary>
/// Compiles "the target is not available" into a monotone gate graph over the restriction events
/// (DESIGN.md section 2): a foreign provider fails when any event that blocks it holds; a domestic
/// provider fails when a requirement fails (a k-of-n group fails when n−k+1 members fail); a
/// component without a threshold fails when every provider fails, and one with a threshold t fails
/// when the shares of failed providers exceed total − t (a weighted threshold gate).
/// Only the target and what it needs are compiled.
/// </summary>
public static class FailureCompiler
{
    /// <summary>
    /// Builds the failure graph of component number <paramref name="target"/>. Event i of the graph
    /// is the perspective's event i when it appears; <paramref name="probabilities"/> gives each
    /// event's probability (by event number), or null for 0.5 everywhere (cut sets do not depend on it).
    /// </summary>
    public static CompiledFailure Compile(CompiledStack stack, int target, IReadOnlyList<double>? probabilities = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (target < 0 || target >= stack.ComponentCount)
        {
            throw new ArgumentOutOfRangeException(nameof(target));
        }

        var builder = new GateGraphBuilder();
        var events = new Dictionary<int, NodeRef>();
        var fails = new Lit?[stack.ComponentCount];
        var needed = stack.NeededBy(target);
        foreach (var c in stack.Order)
        {
            if (needed[c])
            {
                fails[c] = ComponentFails(c);
            }
        }

        var top = fails[target]!.Value;
        NodeRef topRef = top.Node ?? builder.AddHouseEvent(top.Constant ? "always-cut" : "never-cut", top.Constant);
        var graph = builder.Build(topRef);
        var eventNumbers = graph.BasicEvents.Select(e => stack.Perspective.EventNumber(e.Name)).ToArray();
        return new CompiledFailure(graph, eventNumbers, top.Node is null ? top.Constant : null);

        Lit ComponentFails(int c)
        {
            var providers = stack.Providers(c);
            // A provider that a control in force has lost fails whatever else restricts: a constant.
            var providerFails = providers.Select(p => p.Domestic ? RequirementsFail(c) : p.Standing ? Lit.True : AnyEvent(p.Blockers)).ToList();
            if (stack.Threshold(c) is { } t)
            {
                var total = providers.Sum(p => p.Share);
                // Fails when the failed providers' shares exceed total − t + ε, the evaluator's rule
                // (CompiledStack.ShareEpsilon: shares that meet t up to rounding count as met). The
                // threshold gate fires at its need less its own tolerance of ε (GateGraph), so the need
                // carries ε twice: the gate then fires exactly where the evaluator says "unavailable".
                var need = total - t + (2 * CompiledStack.ShareEpsilon);
                if (need <= 0)
                {
                    return Lit.True;
                }

                var inputs = new List<(NodeRef, double)>();
                var constantShare = 0.0;
                for (var i = 0; i < providers.Count; i++)
                {
                    var f = providerFails[i];
                    if (providers[i].Share <= 0 || f.IsFalse)
                    {
                        continue;
                    }

                    if (f.IsTrue)
                    {
                        constantShare += providers[i].Share;
                    }
                    else
                    {
                        inputs.Add((f.Node!.Value, providers[i].Share));
                    }
                }

                need -= constantShare;
                if (need <= 0)
                {
                    return Lit.True;
                }

                if (inputs.Sum(x => x.Item2) < need)
                {
                    return Lit.False;
                }

                return new Lit(builder.AddThreshold($"{stack.Ids[c]}:fails", inputs, need), false);
            }

            return And(providerFails, $"{stack.Ids[c]}:fails");
        }

        Lit RequirementsFail(int c)
        {
            var parts = new List<Lit>();
            foreach (var (members, k) in stack.Requirements(c))
            {
                var memberFails = members.Select(m => fails[m]!.Value).ToList();
                // A k-of-n requirement fails when at least n−k+1 members fail.
                parts.Add(AtLeast(memberFails.Count - k + 1, memberFails));
            }

            return Or(parts, null);
        }

        Lit AnyEvent(IReadOnlyList<int> blockers)
        {
            var parts = blockers.Select(e => new Lit(Event(e), false)).ToList();
            return Or(parts, null);
        }

        NodeRef Event(int e)
        {
            if (!events.TryGetValue(e, out var node))
            {
                var p = probabilities is null ? 0.5 : probabilities[e];
                node = builder.AddBasicEvent(stack.Perspective.Events[e], new Probability(p));
                events[e] = node;
            }

            return node;
        }

        Lit Or(List<Lit> parts, string? name)
        {
            if (parts.Any(p => p.IsTrue))
            {
                return Lit.True;
            }

            var nodes = parts.Where(p => !p.IsFalse).Select(p => p.Node!.Value).Distinct().ToList();
            return nodes.Count switch
            {
                0 => Lit.False,
                1 => new Lit(nodes[0], false),
                _ => new Lit(builder.AddGate(name, GateKind.Or, nodes), false),
            };
        }

        Lit And(List<Lit> parts, string? name)
        {
            if (parts.Count == 0 || parts.Any(p => p.IsFalse))
            {
                // No providers: never available, so it always fails.
                return parts.Count == 0 ? Lit.True : Lit.False;
            }

            var nodes = parts.Where(p => !p.IsTrue).Select(p => p.Node!.Value).Distinct().ToList();
            return nodes.Count switch
            {
                0 => Lit.True,
                1 => new Lit(nodes[0], false),
                _ => new Lit(builder.AddGate(name, GateKind.And, nodes), false),
            };
        }

        Lit AtLeast(int k, List<Lit> parts)
        {
            var trues = parts.Count(p => p.IsTrue);
            var open = parts.Where(p => p.Node is not null).Select(p => p.Node!.Value).ToList();
            var need = k - trues;
            if (need <= 0)
            {
                return Lit.True;
            }

            if (need > open.Count)
            {
                return Lit.False;
            }

            if (need == 1)
            {
                return Or(open.Select(n => new Lit(n, false)).ToList(), null);
            }

            if (need == open.Count)
            {
                return And(open.Select(n => new Lit(n, false)).ToList(), null);
            }

            return new Lit(builder.AddAtLeast(null, need, open), false);
        }
    }

    /// <summary>A node, or a constant when <see cref="Node"/> is null.</summary>
    private readonly record struct Lit(NodeRef? Node, bool Constant)
    {
        public static readonly Lit True = new(null, true);
        public static readonly Lit False = new(null, false);

        public bool IsTrue => Node is null && Constant;
        public bool IsFalse => Node is null && !Constant;
    }
}

/// <summary>
/// A compiled failure graph. <see cref="EventNumbers"/> maps the graph's basic events to the
/// perspective's event numbers; <see cref="Constant"/> is set when the target's failure does not
/// depend on any event (true: cut already; false: no coalition can cut it).
/// </summary>
public sealed record CompiledFailure(GateGraph Graph, IReadOnlyList<int> EventNumbers, bool? Constant);
