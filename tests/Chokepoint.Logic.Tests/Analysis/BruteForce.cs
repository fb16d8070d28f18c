using Chokepoint.Logic.Graph;

namespace Chokepoint.Logic.Tests.Analysis;

/// <summary>
/// The oracle: every quantity computed the slow, obvious way, by evaluating the graph in all 2ⁿ states.
/// Written independently of the engine so the two can check each other.
/// </summary>
internal static class BruteForce
{
    /// <summary>Truth table: bit i of a state is basic event i.</summary>
    public static bool[] TruthTable(GateGraph g)
    {
        var n = g.BasicEvents.Length;
        var table = new bool[1 << n];
        var state = new bool[n];
        for (var s = 0; s < table.Length; s++)
        {
            for (var i = 0; i < n; i++)
            {
                state[i] = (s >> i & 1) == 1;
            }

            table[s] = g.Evaluate(state);
        }

        return table;
    }

    public static double Probability(GateGraph g, bool[] table, int? fixedEvent = null, bool fixedValue = false)
    {
        var n = g.BasicEvents.Length;
        var sum = 0.0;
        for (var s = 0; s < table.Length; s++)
        {
            if (!table[s])
            {
                continue;
            }

            var w = 1.0;
            for (var i = 0; i < n; i++)
            {
                var p = i == fixedEvent ? (fixedValue ? 1.0 : 0.0) : g.BasicEvents[i].Probability.Value;
                w *= (s >> i & 1) == 1 ? p : 1 - p;
            }

            sum += w;
        }

        return sum;
    }

    /// <summary>Minimal true states: sets of events whose occurrence alone makes the top true, with no such subset.</summary>
    public static List<int> MinimalTrueStates(bool[] table)
    {
        var trueBelow = new bool[table.Length];
        var result = new List<int>();
        for (var s = 0; s < table.Length; s++)
        {
            for (var rest = s; rest != 0; rest &= rest - 1)
            {
                var sub = s & ~(rest & -rest);
                if (table[sub] || trueBelow[sub])
                {
                    trueBelow[s] = true;
                    break;
                }
            }

            if (table[s] && !trueBelow[s])
            {
                result.Add(s);
            }
        }

        return result;
    }

    /// <summary>Prime implicants as (care mask, value mask) pairs, over all 3ⁿ terms.</summary>
    public static List<(int Care, int Value)> PrimeImplicants(int n, bool[] table)
    {
        bool Implicant(int care, int value)
        {
            var free = ~care & ((1 << n) - 1);
            for (var sub = free; ; sub = (sub - 1) & free)
            {
                if (!table[value | sub])
                {
                    return false;
                }

                if (sub == 0)
                {
                    return true;
                }
            }
        }

        var result = new List<(int, int)>();
        for (var care = 0; care < 1 << n; care++)
        {
            for (var value = care; ; value = (value - 1) & care)
            {
                if (Implicant(care, value))
                {
                    var prime = true;
                    for (var i = 0; i < n && prime; i++)
                    {
                        if ((care >> i & 1) == 1 && Implicant(care & ~(1 << i), value & ~(1 << i)))
                        {
                            prime = false;
                        }
                    }

                    if (prime)
                    {
                        result.Add((care, value));
                    }
                }

                if (value == 0)
                {
                    break;
                }
            }
        }

        return result;
    }
}
