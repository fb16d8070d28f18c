namespace Chokepoint.Logic.Preprocessing;

/// <summary>
/// What the BDD needs to know about a preprocessed graph: the variable order (depth-first, first visit), the
/// independent modules, and which gates are coherent (no negation below them).
/// </summary>
/// <remarks>
/// Modules are found with the linear-time visit-date method of Dutuit and Rauzy: a gate is a module when every
/// visit to any of its descendants happens between the first entry into the gate and the end of that entry.
/// </remarks>
internal sealed class Structure
{
    private readonly Pdag _pdag;
    private readonly int[] _enter;
    private readonly int[] _exit;
    private readonly int[] _last;
    private readonly int[] _min;
    private readonly int[] _max;
    private readonly int _heuristic;
    private int _time;

    public Structure(Pdag pdag, bool useModules, int heuristic = 0)
    {
        _pdag = pdag;
        _heuristic = heuristic;
        var n = pdag.Nodes.Count;
        _enter = new int[n];
        _exit = new int[n];
        _last = new int[n];
        _min = new int[n];
        _max = new int[n];
        IsModule = new bool[n];
        IsCoherent = new bool[n];
        IsProxy = new bool[n];
        VarOfNode = new int[n];
        Array.Fill(VarOfNode, -1);

        var top = Pdag.Node(pdag.Top);
        Visit(top);
        MinMax(top, new bool[n]);
        for (var i = 1; i < n; i++)
        {
            if (_enter[i] > 0 && pdag.Nodes[i].IsGate)
            {
                IsModule[i] = _min[i] > _enter[i] && _max[i] < _exit[i];
            }
        }

        Coherence(top, new bool[n]);
        for (var i = 1; i < n; i++)
        {
            IsProxy[i] = useModules && i != top && IsModule[i];
        }

        Order(top, new bool[n]);
    }

    /// <summary>Per node: an independent sub-graph (only for gates reached from the top).</summary>
    public bool[] IsModule { get; }

    /// <summary>Per node: monotone (no negation, no XOR below).</summary>
    public bool[] IsCoherent { get; }

    /// <summary>Per node: a module solved as its own BDD and seen by its parents as one variable.</summary>
    public bool[] IsProxy { get; }

    /// <summary>Per node: the BDD variable of an event or proxy gate, −1 otherwise.</summary>
    public int[] VarOfNode { get; }

    /// <summary>The number of BDD variables.</summary>
    public int VariableCount { get; private set; }

    /// <summary>Per variable: the node it stands for (an event or a proxy gate).</summary>
    public List<int> NodeOfVar { get; } = [];

    private void Visit(int node)
    {
        _time++;
        if (_enter[node] > 0)
        {
            _last[node] = _time;
            return;
        }

        _enter[node] = _time;
        var p = _pdag.Nodes[node];
        if (p.IsGate)
        {
            foreach (var c in p.Children)
            {
                Visit(Pdag.Node(c));
            }

            _time++;
        }

        _exit[node] = _time;
        _last[node] = _time;
    }

    private void MinMax(int node, bool[] done)
    {
        if (done[node])
        {
            return;
        }

        done[node] = true;
        int lo = int.MaxValue, hi = 0;
        foreach (var c in _pdag.Nodes[node].Children)
        {
            var cn = Pdag.Node(c);
            MinMax(cn, done);
            lo = Math.Min(lo, Math.Min(_enter[cn], _pdag.Nodes[cn].IsGate ? _min[cn] : int.MaxValue));
            hi = Math.Max(hi, Math.Max(_last[cn], _pdag.Nodes[cn].IsGate ? _max[cn] : 0));
        }

        _min[node] = lo;
        _max[node] = hi;
    }

    private bool Coherence(int node, bool[] done)
    {
        var p = _pdag.Nodes[node];
        if (!p.IsGate)
        {
            return true;
        }

        if (done[node])
        {
            return IsCoherent[node];
        }

        done[node] = true;
        var ok = p.Kind != PKind.Xor;
        foreach (var c in p.Children)
        {
            ok &= Coherence(Pdag.Node(c), done) && !Pdag.Negated(c);
        }

        IsCoherent[node] = ok;
        return ok;
    }

    private void Order(int node, bool[] seen)
    {
        if (seen[node])
        {
            return;
        }

        seen[node] = true;
        var p = _pdag.Nodes[node];
        if (p.Kind == PKind.Event || IsProxy[node])
        {
            VarOfNode[node] = VariableCount++;
            NodeOfVar.Add(node);
        }

        IEnumerable<int> kids = p.Children;
        kids = _heuristic switch
        {
            0 => kids.OrderBy(c => _pdag[c].IsGate ? 0 : 1),
            1 => kids,
            2 => kids.OrderBy(c => _pdag[c].IsGate ? 1 : 0),
            3 => kids.OrderByDescending(c => _last[Pdag.Node(c)] - _enter[Pdag.Node(c)]),
            4 => kids.OrderBy(c => _last[Pdag.Node(c)] - _enter[Pdag.Node(c)]),
            _ => kids,
        };
        foreach (var c in kids)
        {
            Order(Pdag.Node(c), seen);
        }
    }
}
