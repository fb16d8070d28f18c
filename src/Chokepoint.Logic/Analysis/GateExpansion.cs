using Chokepoint.Logic.Bdd;
using Chokepoint.Logic.Graph;

namespace Chokepoint.Logic.Analysis;

/// <summary>
/// Builds at-least-k and weighted-threshold gates from their inputs on any decision diagram, given its
/// step <c>either(input, enough with it, enough without it)</c>: the BDD's "input AND with, OR without"
/// for exact analysis, the ZBDD's minimal "product, union" for the probability bounds. Gates are
/// coherent, so "enough with the input" is implied by "enough without it" and no negation is needed.
/// </summary>
internal static class GateExpansion
{
    /// <summary>At least <paramref name="k"/> of <paramref name="kids"/>: row[j] = "at least j of kids[i..]", built from the last input back.</summary>
    public static int AtLeast(int[] kids, int k, Func<int, int, int, int> either)
    {
        var row = new int[k + 1];
        row[0] = NodeTable.One;
        for (var j = 1; j <= k; j++)
        {
            row[j] = NodeTable.Zero;
        }

        for (var i = kids.Length - 1; i >= 0; i--)
        {
            for (var j = Math.Min(k, kids.Length - i); j >= 1; j--)
            {
                row[j] = either(kids[i], row[j - 1], row[j]);
            }
        }

        return row[k];
    }

    /// <summary>The weights of the true inputs reach <paramref name="t"/>: a recursion over the inputs, memoised on (input, weight still needed).</summary>
    public static int Threshold(int[] kids, double[] weights, double t, Func<int, int, int, int> either)
    {
        var suffix = new double[kids.Length + 1];
        for (var i = kids.Length - 1; i >= 0; i--)
        {
            suffix[i] = suffix[i + 1] + weights[i];
        }

        var memo = new Dictionary<(int, double), int>();
        return Step(0, t);

        int Step(int i, double rest)
        {
            if (GateGraph.ThresholdMet(0, rest))
            {
                return NodeTable.One;
            }

            if (!GateGraph.ThresholdMet(suffix[i], rest))
            {
                return NodeTable.Zero;
            }

            if (memo.TryGetValue((i, rest), out var r))
            {
                return r;
            }

            var with = Step(i + 1, rest - weights[i]);
            var without = Step(i + 1, rest);
            r = either(kids[i], with, without);
            memo[(i, rest)] = r;
            return r;
        }
    }
}
