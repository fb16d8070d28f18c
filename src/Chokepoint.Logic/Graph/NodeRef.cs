namespace Chokepoint.Logic.Graph;

/// <summary>
/// A reference to a node (basic event, house event or gate) of one <see cref="GateGraphBuilder"/>.
/// </summary>
/// <remarks>Only meaningful for the builder that issued it and the graph built from it.</remarks>
public readonly record struct NodeRef(int Index);
