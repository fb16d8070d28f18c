using Chokepoint.Logic.Bdd;
using Chokepoint.Logic.Graph;
using Chokepoint.Logic.Preprocessing;

namespace Chokepoint.Logic.Analysis;

/// <summary>
/// Analyses a gate graph exactly: preprocessing, one BDD per independent module (depth-first variable order),
/// exact top-event probability, importance of every basic event, and the minimal cut sets (or prime implicants)
/// as a ZBDD that can be counted without enumeration and enumerated as a stream.
/// </summary>
public static class FaultTreeAnalyzer
{
    /// <summary>Analyses <paramref name="graph"/>.</summary>
    /// <param name="graph">The gate graph.</param>
    /// <param name="options">Limits and what to compute; null for <see cref="AnalysisOptions.Default"/>.</param>
    /// <exception cref="AnalysisLimitException">A decision diagram exceeded <see cref="AnalysisOptions.MaxNodes"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative order limit.</exception>
    public static FaultTreeResult Analyze(GateGraph graph, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= AnalysisOptions.Default;
        if (options.LimitOrder is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LimitOrder, "The order limit cannot be negative.");
        }

        try
        {
            // The passes recurse along the graph's depth and the BDD's variable count; deep graphs get a big stack.
            if (graph.Nodes.Length < 20_000)
            {
                return new Engine(graph, options).Run();
            }

            FaultTreeResult? result = null;
            Exception? failure = null;
            var thread = new Thread(
                () =>
                {
                    try
                    {
                        result = new Engine(graph, options).Run();
                    }
                    catch (Exception e) when (e is DiagramTooLargeException or InvalidOperationException or OverflowException)
                    {
                        failure = e;
                    }
                },
                maxStackSize: 1 << 30);
            thread.Start();
            thread.Join();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return result!;
        }
        catch (DiagramTooLargeException e)
        {
            throw new AnalysisLimitException(
                $"The analysis needs more than {e.MaxNodes:N0} decision-diagram nodes; raise the budget or limit the order.", e);
        }
    }

    /// <summary>
    /// Bounds on the top-event probability of a coherent tree whose exact BDD is too large: the lower bound is the
    /// exact probability of the union of its minimal cut sets of order ≤ <paramref name="order"/>; the upper bound
    /// the probability of the union of a cover of all its minimal cut sets by sets of order ≤
    /// <paramref name="coverOrder"/>. Larger orders: tighter bounds, more time. No BDD of the whole tree is built.
    /// </summary>
    /// <param name="graph">A coherent gate graph (AND, OR, k-of-n, threshold, pass-through).</param>
    /// <param name="order">k ≥ 1 for the cut sets and the lower bound.</param>
    /// <param name="coverOrder">The order of the cover for the upper bound (default k); the cover grows fast with it.</param>
    /// <param name="maxNodes">The node budget of each decision diagram.</param>
    /// <exception cref="NotSupportedException">The graph has negations.</exception>
    /// <exception cref="AnalysisLimitException">The budget is exceeded.</exception>
    public static ProbabilityBounds Bounds(GateGraph graph, int order, int? coverOrder = null, int maxNodes = 50_000_000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(coverOrder ?? order, 1, nameof(coverOrder));
        try
        {
            return BoundsEngine.Compute(graph, order, coverOrder ?? order, maxNodes);
        }
        catch (DiagramTooLargeException e)
        {
            throw new AnalysisLimitException($"The bounds need more than {e.MaxNodes:N0} decision-diagram nodes; lower the order.", e);
        }
    }

    private sealed class Engine
    {
        private readonly GateGraph _graph;
        private readonly AnalysisOptions _options;
        private readonly Pdag _pdag;
        private readonly Structure _structure;
        private readonly BddManager _bdd;
        private readonly int[] _gateBdd;
        private readonly int[] _moduleRoot;
        private readonly bool[] _proxyNegated;
        private readonly List<int> _moduleOrder = [];
        private readonly double[] _varProbability;
        private double[] _nodeProbability = [];
        private bool[] _probabilityDone = [];

        public Engine(GateGraph graph, AnalysisOptions options)
        {
            _graph = graph;
            _options = options;
            _pdag = Pdag.From(graph);
            _structure = new Structure(_pdag, options.UseModules && !options.PrimeImplicants, options.OrderHeuristic);
            _bdd = new BddManager(options.MaxNodes);
            _gateBdd = new int[_pdag.Nodes.Count];
            Array.Fill(_gateBdd, -1);
            _moduleRoot = new int[_pdag.Nodes.Count];
            Array.Fill(_moduleRoot, -1);
            _proxyNegated = new bool[_pdag.Nodes.Count];
            _varProbability = new double[_structure.VariableCount];
        }

        public FaultTreeResult Run()
        {
            var names = _graph.BasicEvents.Select(e => e.Name).ToArray();
            if (_pdag.Top is Pdag.True or Pdag.False)
            {
                return Constant(names, _pdag.Top == Pdag.True);
            }

            var topBdd = Literal(_pdag.Top);
            for (var v = 0; v < _structure.VariableCount; v++)
            {
                var node = _structure.NodeOfVar[v];
                if (_pdag.Nodes[node].Kind == PKind.Event)
                {
                    _varProbability[v] = _graph.BasicEvents[_pdag.Nodes[node].Event].Probability.Value;
                }
            }

            _nodeProbability = new double[_bdd.Count];
            _probabilityDone = new bool[_bdd.Count];
            foreach (var module in _moduleOrder)
            {
                _varProbability[_structure.VarOfNode[module]] = NodeProbability(_moduleRoot[module]);
            }

            var p = Math.Clamp(NodeProbability(topBdd), 0, 1);
            var importance = _options.ComputeImportance ? ComputeImportance(topBdd, p, names) : [];
            CutSetFamily? family = null;
            if (_options.ComputeCutSets)
            {
                family = BuildFamily(topBdd, names);
            }

            return new FaultTreeResult(new Probability(p), importance, family, _bdd.Count);
        }

        private FaultTreeResult Constant(string[] names, bool value)
        {
            var p = value ? 1.0 : 0.0;
            var importance = !_options.ComputeImportance ? [] : names
                .Select(n => new Importance(n, 0, value ? 0 : double.NaN, value ? 0 : double.NaN, value ? 1 : double.NaN, value ? 1 : double.NaN))
                .ToList();
            CutSetFamily? family = null;
            if (_options.ComputeCutSets)
            {
                var z = new ZbddManager(_bdd, _options.MaxNodes);
                family = new CutSetFamily(z, value ? NodeTable.One : NodeTable.Zero, [], [], [], names, _options, false);
            }

            return new FaultTreeResult(new Probability(p), importance, family, 2);
        }

        private int Literal(int lit)
        {
            var node = Pdag.Node(lit);
            int f;
            if (_structure.VarOfNode[node] >= 0)
            {
                f = _bdd.Variable(_structure.VarOfNode[node]);
                if (_structure.IsProxy[node])
                {
                    if (_moduleRoot[node] < 0)
                    {
                        // A proxy stands for a function false when all its events are: then dropping its negation
                        // from products (or keeping it positive) yields the same minimal solutions as the
                        // expanded graph. A module true at "nothing fails" is represented by its complement.
                        var root = Gate(node);
                        _proxyNegated[node] = _bdd.ValueAtEmpty(root);
                        _moduleRoot[node] = _proxyNegated[node] ? _bdd.Not(root) : root;
                        _moduleOrder.Add(node);
                    }

                    if (_proxyNegated[node])
                    {
                        f = _bdd.Not(f);
                    }
                }
            }
            else
            {
                f = Gate(node);
            }

            return Pdag.Negated(lit) ? _bdd.Not(f) : f;
        }

        private int Gate(int node)
        {
            if (_gateBdd[node] >= 0)
            {
                return _gateBdd[node];
            }

            var g = _pdag.Nodes[node];
            var kids = new int[g.Children.Length];
            for (var i = 0; i < kids.Length; i++)
            {
                kids[i] = Literal(g.Children[i]);
            }

            var f = g.Kind switch
            {
                PKind.And => Fold(kids, _bdd.And),
                PKind.Or => Fold(kids, _bdd.Or),
                PKind.Xor => Fold(kids, _bdd.Xor),
                PKind.AtLeast => GateExpansion.AtLeast(kids, g.K, Either),
                PKind.Threshold => GateExpansion.Threshold(kids, g.Weights, g.T, Either),
                _ => throw new InvalidOperationException("Not a gate."),
            };
            _gateBdd[node] = f;
            return f;
        }

        private static int Fold(int[] kids, Func<int, int, int> op)
        {
            // Sequential, in the inputs' order: on Aralia, sorting by top variable, balanced trees and
            // smallest-first (Huffman) orders were no better (see docs/aralia.md).
            var acc = kids[0];
            for (var i = 1; i < kids.Length; i++)
            {
                acc = op(acc, kids[i]);
            }

            return acc;
        }

        private int Either(int kid, int with, int without) => _bdd.Or(_bdd.And(kid, with), without);

        private double NodeProbability(int f)
        {
            if (f <= NodeTable.One)
            {
                return f;
            }

            if (_probabilityDone[f])
            {
                return _nodeProbability[f];
            }

            var p = _varProbability[_bdd.Var(f)];
            var r = (p * NodeProbability(_bdd.Hi(f))) + ((1 - p) * NodeProbability(_bdd.Lo(f)));
            _nodeProbability[f] = r;
            _probabilityDone[f] = true;
            return r;
        }

        /// <summary>
        /// ∂P(root)/∂p(v) for every variable v of one BDD, in one top-down pass: the sum over nodes labelled v of
        /// the probability of reaching the node times P(hi) − P(lo).
        /// </summary>
        private void Derivatives(int root, double[] derivative)
        {
            if (root <= NodeTable.One)
            {
                return;
            }

            var nodes = new List<int>();
            var seen = new HashSet<int>();
            var stack = new Stack<int>();
            stack.Push(root);
            seen.Add(root);
            while (stack.Count > 0)
            {
                var f = stack.Pop();
                nodes.Add(f);
                foreach (var c in (ReadOnlySpan<int>)[_bdd.Hi(f), _bdd.Lo(f)])
                {
                    if (c > NodeTable.One && seen.Add(c))
                    {
                        stack.Push(c);
                    }
                }
            }

            nodes.Sort((a, b) => _bdd.Var(a).CompareTo(_bdd.Var(b)));
            var reach = new Dictionary<int, double>(nodes.Count) { [root] = 1.0 };
            foreach (var f in nodes)
            {
                var r = reach[f];
                var v = _bdd.Var(f);
                var p = _varProbability[v];
                derivative[v] += r * (NodeProbability(_bdd.Hi(f)) - NodeProbability(_bdd.Lo(f)));
                Add(_bdd.Hi(f), r * p);
                Add(_bdd.Lo(f), r * (1 - p));
            }

            void Add(int f, double w)
            {
                if (f > NodeTable.One)
                {
                    reach[f] = reach.GetValueOrDefault(f) + w;
                }
            }
        }

        private List<Importance> ComputeImportance(int topBdd, double p, string[] names)
        {
            // Local derivatives per module BDD, then the chain rule from the top down through proxy variables.
            var local = new double[_structure.VariableCount];
            Derivatives(topBdd, local);
            foreach (var m in _moduleOrder)
            {
                Derivatives(_moduleRoot[m], local);
            }

            var global = new double[_structure.VariableCount];
            var roots = new List<(int Root, int ProxyVar)> { (topBdd, -1) };
            for (var i = _moduleOrder.Count - 1; i >= 0; i--)
            {
                // Reverse post-order: a module's proxy gets its global derivative before the module is visited.
                roots.Add((_moduleRoot[_moduleOrder[i]], _structure.VarOfNode[_moduleOrder[i]]));
            }

            foreach (var (root, proxyVar) in roots)
            {
                var factor = proxyVar < 0 ? 1.0 : global[proxyVar];
                foreach (var v in VariablesOf(root))
                {
                    global[v] = factor * local[v];
                }
            }

            var result = new List<Importance>(names.Length);
            for (var e = 0; e < names.Length; e++)
            {
                var v = _structure.VarOfNode[Pdag.Node(_pdag.EventLiteral(e))];
                var b = v >= 0 ? global[v] : 0.0;
                var pe = _graph.BasicEvents[e].Probability.Value;
                var p1 = Math.Clamp(p + ((1 - pe) * b), 0, 1);
                var p0 = Math.Clamp(p - (pe * b), 0, 1);
                var crit = p > 0 ? pe * b / p : double.NaN;
                var fv = p > 0 ? (p - p0) / p : double.NaN;
                var raw = p > 0 ? p1 / p : double.NaN;
                var rrw = p0 > 0 ? p / p0 : p > 0 ? double.PositiveInfinity : double.NaN;
                result.Add(new Importance(names[e], b, crit, fv, raw, rrw));
            }

            return result;
        }

        private HashSet<int> VariablesOf(int root)
        {
            var vars = new HashSet<int>();
            var seen = new HashSet<int>();
            var stack = new Stack<int>();
            if (root > NodeTable.One)
            {
                stack.Push(root);
            }

            while (stack.Count > 0)
            {
                var f = stack.Pop();
                if (!seen.Add(f))
                {
                    continue;
                }

                vars.Add(_bdd.Var(f));
                if (_bdd.Hi(f) > NodeTable.One)
                {
                    stack.Push(_bdd.Hi(f));
                }

                if (_bdd.Lo(f) > NodeTable.One)
                {
                    stack.Push(_bdd.Lo(f));
                }
            }

            return vars;
        }

        private CutSetFamily BuildFamily(int topBdd, string[] names)
        {
            var z = new ZbddManager(_bdd, _options.MaxNodes);
            var limit = _options.LimitOrder ?? ZbddManager.Unlimited;
            var varCount = _structure.VariableCount;
            var eventOfVar = new int[varCount];
            var moduleFamily = new int[varCount];
            Array.Fill(moduleFamily, -1);
            for (var v = 0; v < varCount; v++)
            {
                var node = _structure.NodeOfVar[v];
                eventOfVar[v] = _pdag.Nodes[node].Kind == PKind.Event ? _pdag.Nodes[node].Event : -1;
            }

            if (_options.PrimeImplicants)
            {
                var primes = z.PrimeImplicants(topBdd, limit);
                return new CutSetFamily(z, primes, eventOfVar, moduleFamily, _varProbability, names, _options, true);
            }

            // Modules first (children before parents); a proxy counts as one event towards the order limit,
            // and the exact limit is applied again when counting and enumerating.
            foreach (var m in _moduleOrder)
            {
                moduleFamily[_structure.VarOfNode[m]] = z.MinimalSolutions(_moduleRoot[m], limit);
            }

            var top = z.MinimalSolutions(topBdd, limit);
            return new CutSetFamily(z, top, eventOfVar, moduleFamily, _varProbability, names, _options, false);
        }
    }
}
