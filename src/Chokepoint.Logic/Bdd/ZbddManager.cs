namespace Chokepoint.Logic.Bdd;

/// <summary>
/// A zero-suppressed BDD holding families of sets, built from a <see cref="BddManager"/>'s functions:
/// minimal solutions (Rauzy) and prime implicants (Coudert–Madre). Node 0 is the empty family, node 1 {∅}.
/// </summary>
/// <remarks>
/// In minimal-solution families a ZBDD variable is a BDD variable. In prime-implicant families BDD variable v
/// becomes literal 2v (v true) and 2v+1 (v false).
/// </remarks>
internal sealed class ZbddManager(BddManager bdd, int maxNodes) : NodeTable(maxNodes)
{
    private const int OpUnion = 0;
    private const int OpWithout = 1;
    private const int OpDiff = 2;

    /// <summary>Marks "no order limit" in memo keys.</summary>
    public const int Unlimited = int.MaxValue;

    private readonly Dictionary<long, int> _minsol = [];
    private readonly Dictionary<long, int> _primes = [];

    public BddManager Bdd { get; } = bdd;

    public int Mk(int v, int hi, int lo) => hi == Zero ? lo : Find(v, hi, lo);

    public int Union(int f, int g)
    {
        if (f == Zero || f == g)
        {
            return g;
        }

        if (g == Zero)
        {
            return f;
        }

        if (f > g)
        {
            (f, g) = (g, f);
        }

        if (CacheGet(OpUnion, f, g, out var r))
        {
            return r;
        }

        int vf = Var(f), vg = Var(g);
        if (vf == vg)
        {
            r = Mk(vf, Union(Hi(f), Hi(g)), Union(Lo(f), Lo(g)));
        }
        else if (vf < vg)
        {
            r = Mk(vf, Hi(f), Union(Lo(f), g));
        }
        else
        {
            r = Mk(vg, Hi(g), Union(f, Lo(g)));
        }

        CachePut(OpUnion, f, g, r);
        return r;
    }

    /// <summary>The sets of <paramref name="f"/> that contain no set of the minimal family <paramref name="g"/>.</summary>
    public int Without(int f, int g)
    {
        if (f == Zero || g == One || f == g)
        {
            return Zero;
        }

        if (g == Zero || f == One)
        {
            return f;
        }

        if (CacheGet(OpWithout, f, g, out var r))
        {
            return r;
        }

        int vf = Var(f), vg = Var(g);
        if (vf < vg)
        {
            r = Mk(vf, Without(Hi(f), g), Without(Lo(f), g));
        }
        else if (vf > vg)
        {
            r = Without(f, Lo(g));
        }
        else
        {
            r = Mk(vf, Without(Without(Hi(f), Hi(g)), Lo(g)), Without(Lo(f), Lo(g)));
        }

        CachePut(OpWithout, f, g, r);
        return r;
    }

    /// <summary>Set difference of families.</summary>
    public int Difference(int f, int g)
    {
        if (f == Zero || f == g)
        {
            return Zero;
        }

        if (g == Zero)
        {
            return f;
        }

        if (f == One)
        {
            return ContainsEmpty(g) ? Zero : One;
        }

        if (CacheGet(OpDiff, f, g, out var r))
        {
            return r;
        }

        int vf = Var(f), vg = Var(g);
        if (vf < vg)
        {
            r = Mk(vf, Hi(f), Difference(Lo(f), g));
        }
        else if (vf > vg)
        {
            r = Difference(f, Lo(g));
        }
        else
        {
            r = Mk(vf, Difference(Hi(f), Hi(g)), Difference(Lo(f), Lo(g)));
        }

        CachePut(OpDiff, f, g, r);
        return r;
    }

    public bool ContainsEmpty(int f)
    {
        while (f > One)
        {
            f = Lo(f);
        }

        return f == One;
    }

    /// <summary>
    /// The minimal sets of variables whose truth (all others false) makes BDD <paramref name="f"/> true,
    /// keeping sets of at most <paramref name="limit"/> variables. For a coherent function these are its minimal
    /// cut sets; otherwise negated literals are dropped from the products and the result minimised.
    /// </summary>
    public int MinimalSolutions(int f, int limit)
    {
        if (f <= One)
        {
            return f;
        }

        if (limit == 0)
        {
            return Bdd.ValueAtEmpty(f) ? One : Zero;
        }

        var key = ((long)f << 32) | (uint)limit;
        if (_minsol.TryGetValue(key, out var r))
        {
            return r;
        }

        var z0 = MinimalSolutions(Bdd.Lo(f), limit);
        var z1 = MinimalSolutions(Bdd.Hi(f), limit == Unlimited ? limit : limit - 1);
        r = Mk(Bdd.Var(f), Without(z1, z0), z0);
        _minsol[key] = r;
        return r;
    }

    /// <summary>The prime implicants of BDD <paramref name="f"/> with at most <paramref name="limit"/> literals.</summary>
    public int PrimeImplicants(int f, int limit)
    {
        if (f <= One)
        {
            return f;
        }

        if (limit == 0)
        {
            return Zero;
        }

        var key = ((long)f << 32) | (uint)limit;
        if (_primes.TryGetValue(key, out var r))
        {
            return r;
        }

        var next = limit == Unlimited ? limit : limit - 1;
        var both = PrimeImplicants(Bdd.And(Bdd.Hi(f), Bdd.Lo(f)), limit);
        var withX = Difference(PrimeImplicants(Bdd.Hi(f), next), both);
        var withNotX = Difference(PrimeImplicants(Bdd.Lo(f), next), both);
        var v = Bdd.Var(f);
        r = Mk(2 * v, withX, Mk((2 * v) + 1, withNotX, both));
        _primes[key] = r;
        return r;
    }

    private const int OpMinimal = 3;
    private const int OpTruncLower = 4;
    private const int OpTruncUpper = 5;

    /// <summary>The minimal sets of a family (no set contains another).</summary>
    public int Minimal(int f)
    {
        if (f <= One)
        {
            return f;
        }

        if (CacheGet(OpMinimal, f, 0, out var r))
        {
            return r;
        }

        var lo = Minimal(Lo(f));
        r = Mk(Var(f), Without(Minimal(Hi(f)), lo), lo);
        CachePut(OpMinimal, f, 0, r);
        return r;
    }

    /// <summary>
    /// Sets of at most <paramref name="k"/> elements. Lower: longer sets are dropped. Upper: longer sets are cut
    /// to their first k elements (in variable order), so every original set contains a kept one.
    /// </summary>
    public int Truncate(int f, int k, bool upper)
    {
        if (f <= One)
        {
            return f;
        }

        if (k == 0)
        {
            return upper || ContainsEmpty(f) ? One : Zero;
        }

        var op = upper ? OpTruncUpper : OpTruncLower;
        if (CacheGet(op, f, k, out var r))
        {
            return r;
        }

        r = Mk(Var(f), Truncate(Hi(f), k - 1, upper), Truncate(Lo(f), k, upper));
        CachePut(op, f, k, r);
        return r;
    }

    /// <summary>The pairwise unions of two families, truncated to <paramref name="k"/> elements as in <see cref="Truncate"/>.</summary>
    public int Product(int f, int g, int k, bool upper)
    {
        if (f == Zero || g == Zero)
        {
            return Zero;
        }

        if (f == One)
        {
            return Truncate(g, k, upper);
        }

        if (g == One)
        {
            return Truncate(f, k, upper);
        }

        if (k == 0)
        {
            return upper || (ContainsEmpty(f) && ContainsEmpty(g)) ? One : Zero;
        }

        if (f > g)
        {
            (f, g) = (g, f);
        }

        // The order budget and the mode go into the operation code of the (lossy, bounded) computed table.
        var op = 8 + (2 * k) + (upper ? 1 : 0);
        if (CacheGet(op, f, g, out var r))
        {
            return r;
        }

        int vf = Var(f), vg = Var(g);
        var v = Math.Min(vf, vg);
        int f1 = vf == v ? Hi(f) : Zero, f0 = vf == v ? Lo(f) : f;
        int g1 = vg == v ? Hi(g) : Zero, g0 = vg == v ? Lo(g) : g;
        var hi = Union(Union(Product(f1, g1, k - 1, upper), Product(f1, g0, k - 1, upper)), Product(f0, g1, k - 1, upper));
        r = Mk(v, hi, Product(f0, g0, k, upper));
        CachePut(op, f, g, r);
        return r;
    }

    /// <summary>The BDD of "some set of the family has all its variables true".</summary>
    public int ToBdd(int f, Dictionary<int, int> memo)
    {
        if (f <= One)
        {
            return f;
        }

        if (memo.TryGetValue(f, out var r))
        {
            return r;
        }

        var lo = ToBdd(Lo(f), memo);
        r = Bdd.Mk(Var(f), Bdd.Or(ToBdd(Hi(f), memo), lo), lo);
        memo[f] = r;
        return r;
    }
}
