using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Uncertainty;

/// <summary>
/// The 5th, 50th and 95th percentiles and the mean of a sampled figure. Over one sample every figure
/// is that sample; over none they are NaN (undefined: JSON writes null, text says no samples ran).
/// </summary>
public sealed record Band(double P5, double P50, double P95, double Mean)
{
    /// <summary>Percentiles by linear interpolation between order statistics.</summary>
    public static Band Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new Band(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.Order().ToArray();
        return new Band(Quantile(sorted, 0.05), Quantile(sorted, 0.5), Quantile(sorted, 0.95), sorted.Average());
    }

    public bool Contains(double x) => x >= P5 - 1e-12 && x <= P95 + 1e-12;

    private static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }
}

/// <summary>
/// Seeded Monte Carlo over the <c>share_range</c> of providers: each sample draws every ranged share
/// uniformly from its range (shares without a range stay fixed). Sample i always uses the same
/// random stream for the same seed, so results do not depend on threads or on how far a cancelled
/// run got: a run stopped early holds exactly the first samples of the full run.
/// </summary>
public static class MonteCarlo
{
    /// <summary>Samples are run in batches of this size; cancellation is checked between batches.</summary>
    public const int BatchSize = 64;

    /// <summary>A model whose ranged shares are drawn with <paramref name="rng"/>.</summary>
    public static StackModel SampleShares(StackModel model, Random rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        var components = new Component[model.Components.Count];
        for (var i = 0; i < components.Length; i++)
        {
            var c = model.Components[i];
            if (!c.Providers.Any(p => p.ShareRange is not null))
            {
                components[i] = c;
                continue;
            }

            components[i] = c with
            {
                Providers = c.Providers.Select(p => p.ShareRange is { } r ? p with { Share = r.Low + (rng.NextDouble() * (r.High - r.Low)) } : p).ToList(),
            };
        }

        return model with { Components = components };
    }

    /// <summary>
    /// The shares of one sample, by component then provider in model order: ranged shares drawn with
    /// <paramref name="rng"/> (in the same order as <see cref="SampleShares"/>), others as written.
    /// </summary>
    public static double[][] SampleShareArrays(StackModel model, Random rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        var shares = new double[model.Components.Count][];
        for (var c = 0; c < shares.Length; c++)
        {
            var providers = model.Components[c].Providers;
            var row = new double[providers.Count];
            for (var p = 0; p < row.Length; p++)
            {
                row[p] = providers[p].ShareRange is { } r ? r.Low + (rng.NextDouble() * (r.High - r.Low)) : providers[p].Share ?? 0;
            }

            shares[c] = row;
        }

        return shares;
    }

    /// <summary>The random stream of sample <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static Random Stream(int seed, int index)
    {
        // SplitMix64 of (seed, index): a fixed mix, unlike HashCode, which is salted per process.
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)(uint)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random(unchecked((int)(z ^ (z >> 31))));
    }

    /// <summary>
    /// Runs <paramref name="sample"/> for samples 0…n−1 on all cores and returns the results in
    /// sample order; on cancellation, the completed batches (a prefix).
    /// </summary>
    public static IReadOnlyList<T> Run<T>(int n, int seed, Func<int, Random, T> sample, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "at least one sample");
        }

        var results = new T[n];
        var done = 0;
        while (done < n && !cancel.IsCancellationRequested)
        {
            var end = Math.Min(n, done + BatchSize);
            var start = done;
            Parallel.For(start, end, i => results[i] = sample(i, Stream(seed, i)));
            done = end;
            progress?.Report((done, n));
        }

        return done == n ? results : results.Take(done).ToArray();
    }

    /// <summary>
    /// Samples <paramref name="start"/>…<paramref name="end"/>−1 of a run under <paramref name="seed"/>, on
    /// all cores, in sample order: the same values as those samples of <see cref="Run"/>, wherever they are computed.
    /// </summary>
    public static T[] Batch<T>(int start, int end, int seed, Func<int, Random, T> sample, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var results = new T[end - start];
        Parallel.For(start, end, new ParallelOptions { CancellationToken = cancel }, i => results[i - start] = sample(i, Stream(seed, i)));
        return results;
    }
}
