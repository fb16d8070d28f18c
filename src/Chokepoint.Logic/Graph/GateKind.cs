namespace Chokepoint.Logic.Graph;

/// <summary>The Boolean connective of a gate.</summary>
public enum GateKind
{
    /// <summary>True iff every input is true. No inputs: true.</summary>
    And,

    /// <summary>True iff at least one input is true. No inputs: false.</summary>
    Or,

    /// <summary>True iff at least k of the n inputs are true (k-of-n voting).</summary>
    AtLeast,

    /// <summary>The negation of its single input.</summary>
    Not,

    /// <summary>The negation of <see cref="And"/>.</summary>
    Nand,

    /// <summary>The negation of <see cref="Or"/>.</summary>
    Nor,

    /// <summary>True iff an odd number of inputs are true (for two inputs: exclusive or).</summary>
    Xor,

    /// <summary>The value of its single input (a named alias).</summary>
    PassThrough,

    /// <summary>True iff Σ wᵢ·xᵢ ≥ t over its inputs, with non-negative weights wᵢ and threshold t.</summary>
    Threshold,
}
