using System.Collections.Immutable;

namespace Chokepoint.Logic.Analysis;

/// <summary>A basic event or its negation inside a cut set or prime implicant.</summary>
/// <param name="Event">The index of the basic event in <see cref="Graph.GateGraph.BasicEvents"/>.</param>
/// <param name="Negated">True for "the event does not occur" (only in prime implicants).</param>
public readonly record struct Literal(int Event, bool Negated);

/// <summary>A minimal cut set (or prime implicant): a product of literals that makes the top event true.</summary>
public sealed class CutSet
{
    private readonly IReadOnlyList<string> _names;

    internal CutSet(ImmutableArray<Literal> literals, double probability, IReadOnlyList<string> names)
    {
        Literals = literals;
        Probability = new Probability(Math.Clamp(probability, 0, 1));
        _names = names;
    }

    /// <summary>The literals, by event index.</summary>
    public ImmutableArray<Literal> Literals { get; }

    /// <summary>The number of literals.</summary>
    public int Order => Literals.Length;

    /// <summary>The product of the literals' probabilities.</summary>
    public Probability Probability { get; }

    /// <summary>The literals' names, sorted ordinally; a negated literal reads "not NAME".</summary>
    public IReadOnlyList<string> Names =>
        [.. Literals.Select(l => l.Negated ? "not " + _names[l.Event] : _names[l.Event]).Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", Names) + "}";
}
