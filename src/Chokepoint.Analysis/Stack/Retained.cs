namespace Chokepoint.Analysis.Stack;

/// <summary>
/// Retained capacity (DESIGN.md section 2a): a capacity under a restriction as a fraction of the
/// capacity with no further restriction, under the same controls in force. Shares of world supply
/// have different bases from stack to stack; this "share of normal output" compares across them.
/// </summary>
public static class Retained
{
    /// <summary>cap(S) / cap(∅), or null when cap(∅) is 0 (nothing to retain).</summary>
    public static double? Of(double capacity, double baseline) => baseline > 0 ? capacity / baseline : null;
}
