using Chokepoint.Logic.Bdd;
using Chokepoint.Logic.Graph;
using Chokepoint.Logic.Preprocessing;

namespace Chokepoint.Logic.Analysis;

/// <summary>
/// Guaranteed bounds on the top-event probability of a coherent tree, for trees whose exact BDD is out of reach.
/// </summary>
/// <param name="Lower">P(union of the minimal cut sets of order ≤ k) ≤ P(top).</param>
/// <param name="Upper">P(top) ≤ P(union of the cover sets): every minimal cut set contains a cover set, which is
/// either a minimal cut set of order ≤ the cover order or the first events (in variable order) of a longer product.</param>
/// <param name="Order">k: the order of the cut sets behind the lower bound.</param>
/// <param name="CoverOrder">The order of the cover behind the upper bound.</param>
/// <param name="CutSets">The minimal cut sets of order ≤ k: exact, and a lower bound on the full count.</param>
public sealed record ProbabilityBounds(Probability Lower, Probability Upper, int Order, int CoverOrder, CutSetFamily CutSets);

/// <summary>Computes <see cref="ProbabilityBounds"/> bottom-up on ZBDDs, without the tree's BDD.</summary>
internal static class BoundsEngine
{
    public static ProbabilityBounds Compute(GateGraph graph, int order, int coverOrder, int maxNodes)
    {
        var pdag = Pdag.From(graph);
        var names = graph.BasicEvents.Select(e => e.Name).ToArray();
        var bdd = new BddManager(maxNodes);
        var z = new ZbddManager(bdd, maxNodes);
        if (pdag.Top is Pdag.True or Pdag.False)
        {
            var p = new Probability(pdag.Top == Pdag.True ? 1 : 0);
            var constant = new CutSetFamily(z, pdag.Top == Pdag.True ? NodeTable.One : NodeTable.Zero, [], [], [], names, new AnalysisOptions { LimitOrder = order }, false);
            return new ProbabilityBounds(p, p, order, coverOrder, constant);
        }

        var structure = new Structure(pdag, useModules: false);
        var memo = new Dictionary<(int, bool), int>();
        var lower = Family(pdag.Top, false);
        var upper = Family(pdag.Top, true);

        var varCount = structure.VariableCount;
        var eventOfVar = new int[varCount];
        var probability = new double[varCount];
        for (var v = 0; v < varCount; v++)
        {
            var e = pdag.Nodes[structure.NodeOfVar[v]].Event;
            eventOfVar[v] = e;
            probability[v] = graph.BasicEvents[e].Probability.Value;
        }

        var lo = Probability(z.ToBdd(lower, []), bdd, probability);
        var hi = Probability(z.ToBdd(upper, []), bdd, probability);
        var modules = new int[varCount];
        Array.Fill(modules, -1);
        var family = new CutSetFamily(z, lower, eventOfVar, modules, probability, names, new AnalysisOptions { LimitOrder = order }, false);
        return new ProbabilityBounds(new Probability(Math.Clamp(lo, 0, 1)), new Probability(Math.Clamp(hi, 0, 1)), order, coverOrder, family);

        int Family(int lit, bool up)
        {
            if (Pdag.Negated(lit))
            {
                throw new NotSupportedException("Probability bounds need a coherent tree (no NOT, XOR, NAND or NOR).");
            }

            var node = Pdag.Node(lit);
            var p = pdag.Nodes[node];
            if (p.Kind == PKind.Event)
            {
                return z.Mk(structure.VarOfNode[node], NodeTable.One, NodeTable.Zero);
            }

            if (memo.TryGetValue((node, up), out var r))
            {
                return r;
            }

            var kids = p.Children.Select(c => Family(c, up)).ToArray();
            var either = (int kid, int with, int without) => z.Minimal(z.Union(z.Product(kid, with, up ? coverOrder : order, up), without));
            r = p.Kind switch
            {
                PKind.Or => kids.Aggregate(NodeTable.Zero, z.Union),
                PKind.And => kids.Aggregate(NodeTable.One, (a, b) => z.Minimal(z.Product(a, b, up ? coverOrder : order, up))),
                PKind.AtLeast => GateExpansion.AtLeast(kids, p.K, either),
                PKind.Threshold => GateExpansion.Threshold(kids, p.Weights, p.T, either),
                _ => throw new NotSupportedException("Probability bounds need a coherent tree (no NOT, XOR, NAND or NOR)."),
            };
            r = z.Minimal(r);
            memo[(node, up)] = r;
            return r;
        }
    }

    private static double Probability(int f, BddManager bdd, double[] p)
    {
        var memo = new Dictionary<int, double>();
        return Walk(f);

        double Walk(int n)
        {
            if (n <= NodeTable.One)
            {
                return n;
            }

            if (memo.TryGetValue(n, out var r))
            {
                return r;
            }

            var q = p[bdd.Var(n)];
            r = (q * Walk(bdd.Hi(n))) + ((1 - q) * Walk(bdd.Lo(n)));
            memo[n] = r;
            return r;
        }
    }
}
