using System.Collections.Immutable;

namespace Chokepoint.Logic.Graph;

/// <summary>What a node of a <see cref="GateGraph"/> is.</summary>
public enum NodeKind
{
    /// <summary>A basic event: a Boolean variable with a probability.</summary>
    BasicEvent,

    /// <summary>A house event: a constant, true or false.</summary>
    HouseEvent,

    /// <summary>A gate over other nodes.</summary>
    Gate,
}

/// <summary>A basic event: a named Boolean variable with a probability of being true.</summary>
/// <param name="Name">The event's name, unique among basic events of a graph.</param>
/// <param name="Probability">The probability that the event occurs.</param>
public sealed record BasicEvent(string Name, Probability Probability);

/// <summary>One node of a <see cref="GateGraph"/>.</summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Name">The node's name; gates built anonymously get a generated name.</param>
/// <param name="EventIndex">For a basic event, its index in <see cref="GateGraph.BasicEvents"/>; otherwise −1.</param>
/// <param name="HouseState">For a house event, its constant value.</param>
/// <param name="Gate">For a gate, its connective.</param>
/// <param name="Inputs">For a gate, its inputs (earlier nodes).</param>
/// <param name="MinCount">For <see cref="GateKind.AtLeast"/>, k.</param>
/// <param name="Weights">For <see cref="GateKind.Threshold"/>, one non-negative weight per input.</param>
/// <param name="ThresholdValue">For <see cref="GateKind.Threshold"/>, t.</param>
public sealed record GateNode(
    NodeKind Kind,
    string Name,
    int EventIndex,
    bool HouseState,
    GateKind Gate,
    ImmutableArray<NodeRef> Inputs,
    int MinCount,
    ImmutableArray<double> Weights,
    double ThresholdValue);

/// <summary>
/// An immutable gate graph: a directed acyclic graph of gates over basic and house events, with one top event.
/// Built with <see cref="GateGraphBuilder"/>; sub-graphs may be shared.
/// </summary>
/// <remarks>Every node's inputs precede it in <see cref="Nodes"/>, so the order is topological.</remarks>
public sealed class GateGraph
{
    internal GateGraph(ImmutableArray<GateNode> nodes, ImmutableArray<BasicEvent> basicEvents, NodeRef top)
    {
        Nodes = nodes;
        BasicEvents = basicEvents;
        Top = top;
    }

    /// <summary>The same graph with another top event.</summary>
    /// <param name="top">A node of this graph.</param>
    public GateGraph WithTop(NodeRef top)
    {
        if (top.Index < 0 || top.Index >= Nodes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top.Index, "Not a node of this graph.");
        }

        return new GateGraph(Nodes, BasicEvents, top);
    }

    /// <summary>
    /// The same graph with some basic events fixed to a constant (turned into house events). Event indices are
    /// kept, so <see cref="BasicEvents"/> is unchanged.
    /// </summary>
    /// <param name="fixedEvents">Event index → value.</param>
    public GateGraph WithFixedEvents(IReadOnlyDictionary<int, bool> fixedEvents)
    {
        ArgumentNullException.ThrowIfNull(fixedEvents);
        var nodes = Nodes.Select(n => n.Kind == NodeKind.BasicEvent && fixedEvents.TryGetValue(n.EventIndex, out var v)
            ? n with { Kind = NodeKind.HouseEvent, HouseState = v }
            : n);
        return new GateGraph([.. nodes], BasicEvents, Top);
    }

    /// <summary>Every node, inputs before the gates that use them.</summary>
    public ImmutableArray<GateNode> Nodes { get; }

    /// <summary>The basic events, in the order they were added.</summary>
    public ImmutableArray<BasicEvent> BasicEvents { get; }

    /// <summary>The top event.</summary>
    public NodeRef Top { get; }

    /// <summary>The node a reference points to.</summary>
    public GateNode this[NodeRef node] => Nodes[node.Index];

    /// <summary>The number of gate nodes (all gates, pass-through and NOT included).</summary>
    public int GateCount => Nodes.Count(n => n.Kind == NodeKind.Gate);

    /// <summary>The number of house events.</summary>
    public int HouseEventCount => Nodes.Count(n => n.Kind == NodeKind.HouseEvent);

    /// <summary>Evaluates the top event for one assignment of the basic events.</summary>
    /// <param name="state">state[i] is the value of <see cref="BasicEvents"/>[i].</param>
    /// <returns>The value of the top event.</returns>
    public bool Evaluate(IReadOnlyList<bool> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != BasicEvents.Length)
        {
            throw new ArgumentException("One value per basic event is needed.", nameof(state));
        }

        var values = new bool[Top.Index + 1];
        for (var i = 0; i <= Top.Index; i++)
        {
            var n = Nodes[i];
            values[i] = n.Kind switch
            {
                NodeKind.BasicEvent => state[n.EventIndex],
                NodeKind.HouseEvent => n.HouseState,
                _ => EvaluateGate(n, values),
            };
        }

        return values[Top.Index];
    }

    private static bool EvaluateGate(GateNode n, bool[] values)
    {
        var trueCount = 0;
        var weight = 0.0;
        for (var j = 0; j < n.Inputs.Length; j++)
        {
            if (values[n.Inputs[j].Index])
            {
                trueCount++;
                if (n.Gate == GateKind.Threshold)
                {
                    weight += n.Weights[j];
                }
            }
        }

        var all = n.Inputs.Length;
        return n.Gate switch
        {
            GateKind.And => trueCount == all,
            GateKind.Or => trueCount > 0,
            GateKind.AtLeast => trueCount >= n.MinCount,
            GateKind.Not => trueCount == 0,
            GateKind.Nand => trueCount != all,
            GateKind.Nor => trueCount == 0,
            GateKind.Xor => trueCount % 2 == 1,
            GateKind.PassThrough => trueCount == 1,
            GateKind.Threshold => ThresholdMet(weight, n.ThresholdValue),
            _ => throw new InvalidOperationException("Unknown gate kind."),
        };
    }

    /// <summary>The comparison every threshold gate uses: Σ ≥ t with a relative tolerance of 1e−9.</summary>
    internal static bool ThresholdMet(double sum, double threshold) => sum >= threshold - ThresholdTolerance(threshold);

    internal static double ThresholdTolerance(double threshold) => 1e-9 * Math.Max(1.0, Math.Abs(threshold));
}
