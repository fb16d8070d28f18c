namespace Chokepoint.Analysis.Validation;

/// <summary>Finds the nearest known word to a misspelled one, for "did you mean" fixes.</summary>
public static class Suggest
{
    /// <summary>The known word closest to <paramref name="word"/> by edit distance, or null when none is close.</summary>
    public static string? Nearest(string word, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            var d = Distance(word.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && best is not null && string.CompareOrdinal(k, best) < 0))
            {
                bestDistance = d;
                best = k;
            }
        }

        // Close enough to be a typo: at most a third of the word, and at least one edit allowed.
        return best is not null && bestDistance <= Math.Max(1, Math.Max(word.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
