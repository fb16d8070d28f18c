namespace Chokepoint.Logic.Bdd;

/// <summary>
/// A reduced ordered BDD without complement edges. Variables are ordered by their index: smaller is nearer the root.
/// </summary>
internal sealed class BddManager(int maxNodes) : NodeTable(maxNodes)
{
    private const int OpAnd = 0;
    private const int OpOr = 1;
    private const int OpXor = 2;
    private const int OpNot = 3;

    public int Mk(int v, int hi, int lo) => hi == lo ? lo : Find(v, hi, lo);

    public int Variable(int v) => Mk(v, One, Zero);

    public int And(int a, int b)
    {
        if (a == Zero || b == Zero)
        {
            return Zero;
        }

        if (a == One || a == b)
        {
            return b;
        }

        if (b == One)
        {
            return a;
        }

        return Apply(OpAnd, a, b);
    }

    public int Or(int a, int b)
    {
        if (a == One || b == One)
        {
            return One;
        }

        if (a == Zero || a == b)
        {
            return b;
        }

        if (b == Zero)
        {
            return a;
        }

        return Apply(OpOr, a, b);
    }

    public int Xor(int a, int b)
    {
        if (a == Zero)
        {
            return b;
        }

        if (b == Zero)
        {
            return a;
        }

        if (a == b)
        {
            return Zero;
        }

        if (a == One)
        {
            return Not(b);
        }

        if (b == One)
        {
            return Not(a);
        }

        return Apply(OpXor, a, b);
    }

    public int Not(int a)
    {
        if (a <= One)
        {
            return a ^ 1;
        }

        if (CacheGet(OpNot, a, 0, out var r))
        {
            return r;
        }

        r = Mk(Var(a), Not(Hi(a)), Not(Lo(a)));
        CachePut(OpNot, a, 0, r);
        return r;
    }

    private int Apply(int op, int a, int b)
    {
        if (a > b)
        {
            (a, b) = (b, a);
        }

        if (CacheGet(op, a, b, out var r))
        {
            return r;
        }

        int va = Var(a), vb = Var(b);
        int v, a1, a0, b1, b0;
        if (va == vb)
        {
            v = va;
            (a1, a0, b1, b0) = (Hi(a), Lo(a), Hi(b), Lo(b));
        }
        else if (va < vb)
        {
            v = va;
            (a1, a0, b1, b0) = (Hi(a), Lo(a), b, b);
        }
        else
        {
            v = vb;
            (a1, a0, b1, b0) = (a, a, Hi(b), Lo(b));
        }

        var hi = op switch
        {
            OpAnd => And(a1, b1),
            OpOr => Or(a1, b1),
            _ => Xor(a1, b1),
        };
        var lo = op switch
        {
            OpAnd => And(a0, b0),
            OpOr => Or(a0, b0),
            _ => Xor(a0, b0),
        };
        r = Mk(v, hi, lo);
        CachePut(op, a, b, r);
        return r;
    }

    /// <summary>The value of the function when every variable is false.</summary>
    public bool ValueAtEmpty(int f)
    {
        while (f > One)
        {
            f = Lo(f);
        }

        return f == One;
    }
}
