using System.Globalization;

namespace Chokepoint.Logic;

/// <summary>
/// A probability: a finite number in the closed interval [0, 1].
/// </summary>
/// <remarks>The default value is <see cref="Zero"/>.</remarks>
public readonly record struct Probability : IComparable<Probability>
{
    /// <summary>The impossible event.</summary>
    public static readonly Probability Zero;

    /// <summary>The certain event.</summary>
    public static readonly Probability One = new(1.0);

    /// <summary>Creates a probability.</summary>
    /// <param name="value">A number in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or outside [0, 1].</exception>
    public Probability(double value)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A probability lies in [0, 1].");
        }

        Value = value;
    }

    /// <summary>The number in [0, 1].</summary>
    public double Value { get; }

    /// <summary>The probability of the complementary event, 1 − p.</summary>
    public Probability Complement => new(1.0 - Value);

    /// <inheritdoc />
    public int CompareTo(Probability other) => Value.CompareTo(other.Value);

    /// <summary>Orders probabilities by value.</summary>
    public static bool operator <(Probability left, Probability right) => left.Value < right.Value;

    /// <summary>Orders probabilities by value.</summary>
    public static bool operator >(Probability left, Probability right) => left.Value > right.Value;

    /// <summary>Orders probabilities by value.</summary>
    public static bool operator <=(Probability left, Probability right) => left.Value <= right.Value;

    /// <summary>Orders probabilities by value.</summary>
    public static bool operator >=(Probability left, Probability right) => left.Value >= right.Value;

    /// <summary>Formats the value with the invariant culture, round-trippable.</summary>
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
