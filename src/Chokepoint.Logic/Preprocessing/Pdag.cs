using Chokepoint.Logic.Graph;

namespace Chokepoint.Logic.Preprocessing;

internal enum PKind : byte
{
    Constant,
    Event,
    And,
    Or,
    AtLeast,
    Xor,
    Threshold,
}

internal sealed class PNode
{
    public PKind Kind;
    public int Event = -1;
    public int[] Children = [];
    public int K;
    public double[] Weights = [];
    public double T;

    public bool IsGate => Kind >= PKind.And;
}

/// <summary>
/// The preprocessed form of a gate graph: gates are AND, OR, k-of-n, XOR or weighted threshold over literals
/// (a node index and a sign), with NOT, NAND, NOR and pass-through folded into the signs, constants propagated,
/// single-input gates removed and nested same-type gates coalesced.
/// </summary>
/// <remarks>A literal is node·2 + negated. Node 0 is the constant true, so literal 0 is true and 1 is false.</remarks>
internal sealed class Pdag
{
    public const int True = 0;
    public const int False = 1;

    private readonly List<PNode> _nodes = [new PNode { Kind = PKind.Constant }];
    private readonly int[] _eventLits;

    private Pdag(int eventCount)
    {
        _eventLits = new int[eventCount];
        for (var e = 0; e < eventCount; e++)
        {
            _nodes.Add(new PNode { Kind = PKind.Event, Event = e });
            _eventLits[e] = (_nodes.Count - 1) << 1;
        }
    }

    public IReadOnlyList<PNode> Nodes => _nodes;

    public int EventCount => _eventLits.Length;

    public int Top { get; private set; }

    public static int Node(int lit) => lit >> 1;

    public static bool Negated(int lit) => (lit & 1) != 0;

    public PNode this[int lit] => _nodes[lit >> 1];

    public int EventLiteral(int e) => _eventLits[e];

    /// <summary>Translates a gate graph, preprocessing as it goes; then coalesces nested gates.</summary>
    public static Pdag From(GateGraph graph)
    {
        var p = new Pdag(graph.BasicEvents.Length);
        var lits = new int[graph.Top.Index + 1];
        for (var i = 0; i <= graph.Top.Index; i++)
        {
            var n = graph.Nodes[i];
            lits[i] = n.Kind switch
            {
                NodeKind.BasicEvent => p._eventLits[n.EventIndex],
                NodeKind.HouseEvent => n.HouseState ? True : False,
                _ => p.Translate(n, lits),
            };
        }

        p.Top = lits[graph.Top.Index];
        p.Coalesce();
        return p;
    }

    private int Translate(GateNode n, int[] lits)
    {
        var ins = new int[n.Inputs.Length];
        for (var j = 0; j < ins.Length; j++)
        {
            ins[j] = lits[n.Inputs[j].Index];
        }

        return n.Gate switch
        {
            GateKind.PassThrough => ins[0],
            GateKind.Not => ins[0] ^ 1,
            GateKind.And => MakeAnd(ins),
            GateKind.Or => MakeOr(ins),
            GateKind.Nand => MakeAnd(ins) ^ 1,
            GateKind.Nor => MakeOr(ins) ^ 1,
            GateKind.Xor => MakeXor(ins),
            GateKind.AtLeast => MakeAtLeast(n.MinCount, ins),
            GateKind.Threshold => MakeThreshold(ins, [.. n.Weights], n.ThresholdValue),
            _ => throw new InvalidOperationException("Unknown gate kind."),
        };
    }

    /// <summary>AND with constants propagated, duplicates removed, x ∧ ¬x = false, one input = that input.</summary>
    internal int MakeAnd(IEnumerable<int> inputs)
    {
        var set = new HashSet<int>();
        var list = new List<int>();
        foreach (var l in inputs)
        {
            if (l == False || set.Contains(l ^ 1))
            {
                return False;
            }

            if (l != True && set.Add(l))
            {
                list.Add(l);
            }
        }

        return list.Count switch
        {
            0 => True,
            1 => list[0],
            _ => AddGate(new PNode { Kind = PKind.And, Children = [.. list] }),
        };
    }

    /// <summary>OR with constants propagated, duplicates removed, x ∨ ¬x = true, one input = that input.</summary>
    internal int MakeOr(IEnumerable<int> inputs)
    {
        var set = new HashSet<int>();
        var list = new List<int>();
        foreach (var l in inputs)
        {
            if (l == True || set.Contains(l ^ 1))
            {
                return True;
            }

            if (l != False && set.Add(l))
            {
                list.Add(l);
            }
        }

        return list.Count switch
        {
            0 => False,
            1 => list[0],
            _ => AddGate(new PNode { Kind = PKind.Or, Children = [.. list] }),
        };
    }

    internal int MakeXor(IEnumerable<int> inputs)
    {
        var flip = 0;
        var list = new List<int>();
        foreach (var l in inputs)
        {
            if (l is True or False)
            {
                flip ^= l == True ? 1 : 0;
                continue;
            }

            // x ⊕ x = false and x ⊕ ¬x = true: cancel pairs of the same node.
            var at = list.FindIndex(o => Node(o) == Node(l));
            if (at >= 0)
            {
                flip ^= (list[at] ^ l) & 1;
                list.RemoveAt(at);
                continue;
            }

            // Keep inputs positive; the sign goes to the output.
            flip ^= l & 1;
            list.Add(l & ~1);
        }

        var r = list.Count switch
        {
            0 => False,
            1 => list[0],
            _ => AddGate(new PNode { Kind = PKind.Xor, Children = [.. list] }),
        };
        return r ^ flip;
    }

    internal int MakeAtLeast(int k, IEnumerable<int> inputs)
    {
        var list = new List<int>();
        foreach (var l in inputs)
        {
            if (l == True)
            {
                k--;
            }
            else if (l != False)
            {
                list.Add(l);
            }
        }

        if (k <= 0)
        {
            return True;
        }

        if (k > list.Count)
        {
            return False;
        }

        if (k == 1)
        {
            return MakeOr(list);
        }

        if (k == list.Count)
        {
            return MakeAnd(list);
        }

        return AddGate(new PNode { Kind = PKind.AtLeast, K = k, Children = [.. list] });
    }

    internal int MakeThreshold(IReadOnlyList<int> inputs, double[] weights, double t)
    {
        var list = new List<int>();
        var ws = new List<double>();
        for (var j = 0; j < inputs.Count; j++)
        {
            var l = inputs[j];
            if (l == True)
            {
                t -= weights[j];
            }
            else if (l != False && weights[j] > 0)
            {
                list.Add(l);
                ws.Add(weights[j]);
            }
        }

        if (GateGraph.ThresholdMet(0, t))
        {
            return True;
        }

        if (!GateGraph.ThresholdMet(ws.Sum(), t))
        {
            return False;
        }

        // Equal weights make a k-of-n gate: the smallest k with k·w meeting t.
        if (ws.All(w => w == ws[0]))
        {
            var k = 1;
            while (!GateGraph.ThresholdMet(k * ws[0], t))
            {
                k++;
            }

            return MakeAtLeast(k, list);
        }

        return AddGate(new PNode { Kind = PKind.Threshold, Children = [.. list], Weights = [.. ws], T = t });
    }

    private int AddGate(PNode node)
    {
        _nodes.Add(node);
        return (_nodes.Count - 1) << 1;
    }

    /// <summary>
    /// Splices a positive AND (OR) input that is used by nothing else into its AND (OR) parent.
    /// Shared gates stay, so shared structure (and modules) survive.
    /// </summary>
    private void Coalesce()
    {
        if (Top is True or False)
        {
            return;
        }

        var parents = new int[_nodes.Count];
        var reachable = new bool[_nodes.Count];
        reachable[Node(Top)] = true;
        for (var i = _nodes.Count - 1; i > 0; i--)
        {
            if (!reachable[i] || !_nodes[i].IsGate)
            {
                continue;
            }

            foreach (var c in _nodes[i].Children)
            {
                parents[Node(c)]++;
                reachable[Node(c)] = true;
            }
        }

        for (var i = 1; i < _nodes.Count; i++)
        {
            var n = _nodes[i];
            if (!reachable[i] || n.Kind is not (PKind.And or PKind.Or))
            {
                continue;
            }

            if (!n.Children.Any(c => !Negated(c) && parents[Node(c)] == 1 && this[c].Kind == n.Kind))
            {
                continue;
            }

            var merged = new List<int>();
            foreach (var c in n.Children)
            {
                if (!Negated(c) && parents[Node(c)] == 1 && this[c].Kind == n.Kind)
                {
                    merged.AddRange(this[c].Children);
                }
                else
                {
                    merged.Add(c);
                }
            }

            n.Children = [.. merged.Distinct()];
        }
    }
}
