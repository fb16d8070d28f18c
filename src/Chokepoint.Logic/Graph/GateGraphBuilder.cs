using System.Collections.Immutable;
using System.Globalization;

namespace Chokepoint.Logic.Graph;

/// <summary>
/// Builds a <see cref="GateGraph"/>. A gate can only use nodes that already exist, so every graph built is acyclic;
/// a node may be used by any number of gates (shared sub-graphs).
/// </summary>
/// <example>
/// <code>
/// var b = new GateGraphBuilder();
/// var us = b.AddBasicEvent("US", new Probability(0.1));
/// var nl = b.AddBasicEvent("NL", new Probability(0.1));
/// var jp = b.AddBasicEvent("JP", new Probability(0.1));
/// // the component fails when less than 0.5 of supply stays available: lost shares ≥ 0.5
/// var scanner = b.AddThreshold("duv-scanner", [(nl, 0.62), (jp, 0.35)], 0.5);
/// var top = b.AddGate("phone", GateKind.Or, [scanner, us]);
/// GateGraph graph = b.Build(top);
/// </code>
/// </example>
public sealed class GateGraphBuilder
{
    private readonly List<GateNode> _nodes = [];
    private readonly List<BasicEvent> _events = [];
    private readonly Dictionary<string, NodeRef> _eventsByName = new(StringComparer.Ordinal);

    /// <summary>The number of nodes added so far.</summary>
    public int Count => _nodes.Count;

    /// <summary>Adds a basic event, or returns the existing one of that name.</summary>
    /// <param name="name">A non-empty name, unique among basic events.</param>
    /// <param name="probability">The probability that the event occurs.</param>
    /// <exception cref="ArgumentException">The name is empty, or already used with another probability.</exception>
    public NodeRef AddBasicEvent(string name, Probability probability)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_eventsByName.TryGetValue(name, out var existing))
        {
            var old = _events[_nodes[existing.Index].EventIndex];
            if (old.Probability != probability)
            {
                throw new ArgumentException($"Basic event '{name}' was already added with probability {old.Probability}.", nameof(name));
            }

            return existing;
        }

        var r = Add(new GateNode(NodeKind.BasicEvent, name, _events.Count, false, GateKind.PassThrough, [], 0, [], 0));
        _events.Add(new BasicEvent(name, probability));
        _eventsByName.Add(name, r);
        return r;
    }

    /// <summary>Adds a house event: a constant.</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="state">Its constant value.</param>
    public NodeRef AddHouseEvent(string name, bool state)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Add(new GateNode(NodeKind.HouseEvent, name, -1, state, GateKind.PassThrough, [], 0, [], 0));
    }

    /// <summary>Adds a gate other than <see cref="GateKind.AtLeast"/> and <see cref="GateKind.Threshold"/>.</summary>
    /// <param name="name">A name for reports; null generates one.</param>
    /// <param name="kind">The connective.</param>
    /// <param name="inputs">Existing nodes. NOT and pass-through take exactly one; the others at least one.</param>
    /// <exception cref="ArgumentException">Wrong number of inputs, an unknown node, or kind AtLeast/Threshold.</exception>
    public NodeRef AddGate(string? name, GateKind kind, IReadOnlyList<NodeRef> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (kind is GateKind.AtLeast or GateKind.Threshold)
        {
            throw new ArgumentException($"Use {nameof(AddAtLeast)} or {nameof(AddThreshold)} for {kind} gates.", nameof(kind));
        }

        if (kind is GateKind.Not or GateKind.PassThrough ? inputs.Count != 1 : inputs.Count == 0)
        {
            throw new ArgumentException($"A {kind} gate cannot take {inputs.Count} inputs.", nameof(inputs));
        }

        return Add(new GateNode(NodeKind.Gate, name ?? GeneratedName(), -1, false, kind, Checked(inputs), 0, [], 0));
    }

    /// <summary>Adds a k-of-n voting gate: true iff at least <paramref name="k"/> inputs are true.</summary>
    /// <param name="name">A name for reports; null generates one.</param>
    /// <param name="k">At least 1 and at most the number of inputs.</param>
    /// <param name="inputs">Existing nodes.</param>
    public NodeRef AddAtLeast(string? name, int k, IReadOnlyList<NodeRef> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (k < 1 || k > inputs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{inputs.Count}.");
        }

        return Add(new GateNode(NodeKind.Gate, name ?? GeneratedName(), -1, false, GateKind.AtLeast, Checked(inputs), k, [], 0));
    }

    /// <summary>
    /// Adds a weighted threshold gate: true iff Σ wᵢ·xᵢ ≥ t, where xᵢ is 1 when input i is true.
    /// Inputs may be any nodes, gates included. Sums are compared with a relative tolerance of 1e−9,
    /// so shares that add up to the threshold up to rounding meet it.
    /// </summary>
    /// <param name="name">A name for reports; null generates one.</param>
    /// <param name="inputs">Existing nodes with finite non-negative weights.</param>
    /// <param name="threshold">A finite t. t ≤ 0 makes the gate constant true.</param>
    public NodeRef AddThreshold(string? name, IReadOnlyList<(NodeRef Input, double Weight)> inputs, double threshold)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        }

        foreach (var (_, w) in inputs)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inputs), w, "Weights must be finite and non-negative.");
            }
        }

        var refs = Checked(inputs.Select(i => i.Input).ToList());
        var weights = inputs.Select(i => i.Weight).ToImmutableArray();
        return Add(new GateNode(NodeKind.Gate, name ?? GeneratedName(), -1, false, GateKind.Threshold, refs, 0, weights, threshold));
    }

    /// <summary>Freezes the graph with the given top event.</summary>
    /// <param name="top">An existing node.</param>
    public GateGraph Build(NodeRef top)
    {
        CheckExists(top);
        return new GateGraph([.. _nodes], [.. _events], top);
    }

    private NodeRef Add(GateNode node)
    {
        _nodes.Add(node);
        return new NodeRef(_nodes.Count - 1);
    }

    private string GeneratedName() => "#" + _nodes.Count.ToString(CultureInfo.InvariantCulture);

    private ImmutableArray<NodeRef> Checked(IReadOnlyList<NodeRef> inputs)
    {
        foreach (var r in inputs)
        {
            CheckExists(r);
        }

        return [.. inputs];
    }

    private void CheckExists(NodeRef r)
    {
        if (r.Index < 0 || r.Index >= _nodes.Count)
        {
            throw new ArgumentException($"Node {r.Index} does not belong to this builder.", nameof(r));
        }
    }
}
