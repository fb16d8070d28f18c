using System.Collections.Immutable;
using System.Numerics;
using Chokepoint.Logic.Bdd;

namespace Chokepoint.Logic.Analysis;

/// <summary>
/// The minimal cut sets (or prime implicants) of a top event, held compactly as ZBDDs. Counting and the
/// rare-event sum work on the diagram without listing the sets; <see cref="Enumerate"/> streams them.
/// </summary>
/// <remarks>
/// With a probability cut-off the counts and sums come from a pruned enumeration (only sets at or above the cut-off
/// are visited); without one they are computed by memoised recursion over the diagram, exactly.
/// </remarks>
public sealed class CutSetFamily
{
    private readonly ZbddManager _z;
    private readonly int _root;
    private readonly int[] _eventOfVar;
    private readonly int[] _moduleFamily;
    private readonly double[] _varProbability;
    private readonly IReadOnlyList<string> _names;
    private readonly int _limit;
    private readonly double _cutOff;
    private readonly bool _primes;
    private readonly Dictionary<int, Poly?> _polys = [];
    private Poly? _total;
    private bool _totalDone;

    internal CutSetFamily(
        ZbddManager z,
        int root,
        int[] eventOfVar,
        int[] moduleFamily,
        double[] varProbability,
        IReadOnlyList<string> names,
        AnalysisOptions options,
        bool primes)
    {
        _z = z;
        _root = root;
        _eventOfVar = eventOfVar;
        _moduleFamily = moduleFamily;
        _varProbability = varProbability;
        _names = names;
        _limit = options.LimitOrder ?? int.MaxValue;
        _cutOff = options.CutOff?.Value ?? 0.0;
        _primes = primes;
    }

    /// <summary>True when the sets are prime implicants (with negated literals) rather than minimal cut sets.</summary>
    public bool ArePrimeImplicants => _primes;

    /// <summary>The number of ZBDD nodes used (all modules together).</summary>
    public int DiagramNodes => _z.Count;

    /// <summary>The number of sets (exact).</summary>
    public BigInteger Count => CountByOrder.Values.Aggregate(BigInteger.Zero, (a, b) => a + b);

    /// <summary>The number of sets of each order (only orders that occur), ascending by order.</summary>
    public IReadOnlyDictionary<int, BigInteger> CountByOrder
    {
        get
        {
            var poly = Total();
            var result = new SortedDictionary<int, BigInteger>();
            if (poly is not null)
            {
                for (var i = 0; i < poly.Counts.Length; i++)
                {
                    if (poly.Counts[i] != 0)
                    {
                        result[poly.Min + i] = (BigInteger)poly.Counts[i];
                    }
                }
            }

            return result;
        }
    }

    /// <summary>The rare-event approximation: the sum of the sets' probabilities (not capped at 1).</summary>
    public double RareEvent
    {
        get
        {
            var poly = Total();
            return poly is null ? 0.0 : poly.Probabilities.Sum();
        }
    }

    /// <summary>
    /// The min-cut upper bound 1 − Π(1 − P(C)) over the sets. It needs every set, so it enumerates them:
    /// use it when <see cref="Count"/> is moderate.
    /// </summary>
    public double MinCutUpperBound()
    {
        // Summing logs keeps tiny products from vanishing in 1 − p.
        var logComplement = 0.0;
        foreach (var c in Enumerate())
        {
            logComplement += double.LogP1(-c.Probability.Value);
        }

        return -double.ExpM1(logComplement);
    }

    /// <summary>Streams the sets in diagram order (not sorted), honouring the order limit and the cut-off.</summary>
    public IEnumerable<CutSet> Enumerate()
    {
        var acc = new List<Literal>();
        foreach (var p in Walk(_root, acc, 1.0))
        {
            yield return new CutSet([.. acc], p, _names);
        }
    }

    /// <summary>Every set, sorted by order and then by the ordinal order of their sorted names.</summary>
    public IReadOnlyList<CutSet> ToSortedList()
    {
        var all = Enumerate().Select(c => (Set: c, Names: c.Names)).ToList();
        all.Sort((a, b) =>
        {
            var c = a.Names.Count.CompareTo(b.Names.Count);
            for (var i = 0; c == 0 && i < a.Names.Count; i++)
            {
                c = string.CompareOrdinal(a.Names[i], b.Names[i]);
            }

            return c;
        });
        return [.. all.Select(x => x.Set)];
    }

    // Walks the diagram: at each set found, acc holds its literals and the yielded value is its probability.
    private IEnumerable<double> Walk(int z, List<Literal> acc, double prob)
    {
        if (z == NodeTable.Zero || acc.Count > _limit || prob < _cutOff)
        {
            yield break;
        }

        if (z == NodeTable.One)
        {
            yield return prob;
            yield break;
        }

        var v = _z.Var(z);
        var bddVar = _primes ? v >> 1 : v;
        var module = _primes ? -1 : _moduleFamily[bddVar];
        if (module >= 0)
        {
            // Walk restores acc when it resumes, so the module's set stays in acc while the rest is walked.
            foreach (var q in Walk(module, acc, prob))
            {
                foreach (var r in Walk(_z.Hi(z), acc, q))
                {
                    yield return r;
                }
            }
        }
        else
        {
            var negated = _primes && (v & 1) == 1;
            var p = _varProbability[bddVar];
            acc.Add(new Literal(_eventOfVar[bddVar], negated));
            foreach (var r in Walk(_z.Hi(z), acc, prob * (negated ? 1 - p : p)))
            {
                yield return r;
            }

            acc.RemoveAt(acc.Count - 1);
        }

        foreach (var r in Walk(_z.Lo(z), acc, prob))
        {
            yield return r;
        }
    }

    private Poly? Total()
    {
        if (_totalDone)
        {
            return _total;
        }

        if (_cutOff > 0)
        {
            // Pruned enumeration: only sets at or above the cut-off are visited.
            var counts = new Dictionary<int, Int128>();
            var sums = new Dictionary<int, double>();
            var acc = new List<Literal>();
            foreach (var p in Walk(_root, acc, 1.0))
            {
                counts[acc.Count] = counts.GetValueOrDefault(acc.Count) + 1;
                sums[acc.Count] = sums.GetValueOrDefault(acc.Count) + p;
            }

            if (counts.Count > 0)
            {
                var min = counts.Keys.Min();
                var len = counts.Keys.Max() - min + 1;
                var poly = new Poly(min, new Int128[len], new double[len]);
                foreach (var (k, c) in counts)
                {
                    poly.Counts[k - min] = c;
                    poly.Probabilities[k - min] = sums[k];
                }

                _total = poly;
            }
        }
        else
        {
            _total = PolyOf(_root);
        }

        _totalDone = true;
        return _total;
    }

    // The generating polynomial of a family: by order, the number of sets and the sum of their probabilities.
    private Poly? PolyOf(int z)
    {
        if (z == NodeTable.Zero)
        {
            return null;
        }

        if (z == NodeTable.One)
        {
            return Poly.Unit;
        }

        if (_polys.TryGetValue(z, out var cached))
        {
            return cached;
        }

        var v = _z.Var(z);
        var bddVar = _primes ? v >> 1 : v;
        Poly? literal;
        if (!_primes && _moduleFamily[bddVar] >= 0)
        {
            literal = PolyOf(_moduleFamily[bddVar]);
        }
        else
        {
            var p = _varProbability[bddVar];
            literal = new Poly(1, [1], [_primes && (v & 1) == 1 ? 1 - p : p]);
        }

        var result = Poly.Add(Poly.Multiply(literal, PolyOf(_z.Hi(z)), _limit), PolyOf(_z.Lo(z)));
        _polys[z] = result;
        return result;
    }

    private sealed record Poly(int Min, Int128[] Counts, double[] Probabilities)
    {
        public static readonly Poly Unit = new(0, [1], [1.0]);

        public static Poly? Multiply(Poly? a, Poly? b, int limit)
        {
            if (a is null || b is null || a.Min + b.Min > limit)
            {
                return null;
            }

            var min = a.Min + b.Min;
            var max = Math.Min(limit, a.Min + a.Counts.Length - 1 + b.Min + b.Counts.Length - 1);
            var counts = new Int128[max - min + 1];
            var probs = new double[max - min + 1];
            for (var i = 0; i < a.Counts.Length; i++)
            {
                for (var j = 0; j < b.Counts.Length && i + j < counts.Length; j++)
                {
                    counts[i + j] = checked(counts[i + j] + checked(a.Counts[i] * b.Counts[j]));
                    probs[i + j] += a.Probabilities[i] * b.Probabilities[j];
                }
            }

            return new Poly(min, counts, probs);
        }

        public static Poly? Add(Poly? a, Poly? b)
        {
            if (a is null)
            {
                return b;
            }

            if (b is null)
            {
                return a;
            }

            var min = Math.Min(a.Min, b.Min);
            var max = Math.Max(a.Min + a.Counts.Length, b.Min + b.Counts.Length) - 1;
            var counts = new Int128[max - min + 1];
            var probs = new double[max - min + 1];
            foreach (var x in (ReadOnlySpan<Poly>)[a, b])
            {
                for (var i = 0; i < x.Counts.Length; i++)
                {
                    counts[x.Min - min + i] = checked(counts[x.Min - min + i] + x.Counts[i]);
                    probs[x.Min - min + i] += x.Probabilities[i];
                }
            }

            return new Poly(min, counts, probs);
        }
    }
}
