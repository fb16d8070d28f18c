using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Optimize;

namespace Chokepoint.Operations;

/// <summary>
/// What a run asks of its units: <see cref="Count"/> units of <see cref="Kind"/>; for the kinds of
/// samples, the run's sample count and seed, which fix each unit's samples and their streams.
/// </summary>
public sealed record UnitWork(string Kind, int Count)
{
    public int Samples { get; init; }

    public int Seed { get; init; }
}

/// <summary>
/// Computes the units of one run somewhere else (a cluster): unit i of the work for the run's model
/// and request, which the runner was made with, and answers each unit's bytes in unit order. A
/// runner reports each unit done, re-runs the units it lost, and fails with a
/// <see cref="UnitRunnerException"/> when it cannot finish. Cancelled, it answers the units done
/// before the first one missing (a prefix), as a local Monte Carlo run keeps its first samples.
/// </summary>
public interface IUnitRunner
{
    IReadOnlyList<byte[]> Run(UnitWork work, IProgress<(int Done, int Total)>? progress, CancellationToken cancel);
}

/// <summary>A run that could not be finished elsewhere (no silo left, none reachable); the message says what to do.</summary>
public sealed class UnitRunnerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Unit <c>unit</c> of <c>work</c>, computed by a kind prepared for one model and request (<see cref="WorkUnits.Prepare"/>).</summary>
public delegate byte[] UnitComputer(UnitWork work, int unit, CancellationToken cancel);

/// <summary>
/// The units of work a run is cut into when it is spread over a cluster, one definition for both
/// ends: the client counts and merges them (<see cref="UnitRuns"/>), a silo computes them
/// (<see cref="Prepare"/>) from the model and the request's recorded fields. A unit's result is
/// bytes in a fixed binary layout, so that doubles travel bit for bit and the merged result is
/// identical to the one computed in one process.
/// </summary>
public static class WorkUnits
{
    /// <summary>One home of a leverage matrix.</summary>
    public const string LeverageHome = "leverage-home";

    /// <summary>A batch of an analysis's Monte Carlo samples, each with its own stream.</summary>
    public const string AnalyzeSamples = "analyze-samples";

    /// <summary>A batch of a scenario's Monte Carlo samples.</summary>
    public const string ScenarioSamples = "scenario-samples";

    /// <summary>A batch of a recovery's Monte Carlo samples.</summary>
    public const string RecoverSamples = "recover-samples";

    /// <summary>One model of a comparison for one of its homes.</summary>
    public const string CompareHome = "compare-home";

    /// <summary>One point of an optimizer's frontier: the search for one coalition size.</summary>
    public const string FrontierPoint = "frontier-point";

    /// <summary>The kinds a silo computes.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [LeverageHome, AnalyzeSamples, ScenarioSamples, RecoverSamples, CompareHome, FrontierPoint];

    /// <summary>How many samples one unit holds out of <paramref name="samples"/>: whole batches, some 200 units a run at most, so that the overhead per unit stays small.</summary>
    public static int SamplesPerUnit(int samples) =>
        Math.Max(MonteCarlo.BatchSize, (int)Math.Ceiling(Math.Ceiling(samples / 200.0) / MonteCarlo.BatchSize) * MonteCarlo.BatchSize);

    public static int SampleUnits(int samples) => (samples + SamplesPerUnit(samples) - 1) / SamplesPerUnit(samples);

    /// <summary>
    /// The units of <paramref name="kind"/> for one model and request, as the client read it: the
    /// request is read and checked, and what every unit shares (a compiled stack, a prepared
    /// scenario) is built, once; a silo keeps the answer for the run's other units.
    /// </summary>
    public static UnitComputer Prepare(string kind, StackModel model, IRequestFields request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        switch (kind)
        {
            case LeverageHome:
                {
                    var r = LeverageOperation.Read(request);
                    return (_, unit, _) => UnitCodec.Write(LeverageMatrix.Home(model, r.Homes, r.Analysis, unit));
                }

            case AnalyzeSamples:
                {
                    var sampler = AnalysisSampler.Prepare(model, StackRequests.Analysis(request));
                    return (work, unit, cancel) => UnitCodec.Write(Batch(work, unit, sampler.Sample, cancel));
                }

            case ScenarioSamples:
                {
                    var sampler = ScenarioSampler.Prepare(model, StackRequests.Scenario(request, model));
                    return (work, unit, cancel) => UnitCodec.Write(Batch(work, unit, sampler.Sample, cancel));
                }

            case RecoverSamples:
                {
                    var r = RecoverOperation.Read(request, model);
                    var sampler = RecoverySampler.Prepare(model, r.Spec, r.Months);
                    return (work, unit, cancel) => UnitCodec.Write(Batch(work, unit, sampler.Sample, cancel));
                }

            case CompareHome:
                {
                    // The request of this model alone (CompareOperation.HomesOf): its pairs are its units.
                    var r = CompareOperation.Read(request);
                    var pairs = CompareOperation.Pairs([model], r);
                    return (_, unit, _) => UnitCodec.Write(CompareOperation.Compute("", model, pairs[unit].Home, r));
                }

            case FrontierPoint:
                {
                    var problem = FrontierProblem.Prepare(model, OptimizeOperation.Read(request).Optimizer);
                    return (_, unit, cancel) => UnitCodec.Write(problem.Search(unit, cancel));
                }

            default:
                throw new ArgumentException($"'{kind}' is not a kind of unit; the kinds are {string.Join(", ", Kinds)}.", nameof(kind));
        }
    }

    /// <summary>Unit <paramref name="unit"/> of <paramref name="work"/>, computed in this process.</summary>
    public static byte[] Compute(UnitWork work, StackModel model, IRequestFields request, int unit, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Prepare(work.Kind, model, request)(work, unit, cancel);
    }

    private static T[] Batch<T>(UnitWork work, int unit, Func<Random, T> sample, CancellationToken cancel)
    {
        var (start, end) = SampleRange(work.Samples, unit);
        return MonteCarlo.Batch(start, end, work.Seed, (_, rng) => sample(rng), cancel);
    }

    /// <summary>The samples of unit <paramref name="unit"/>: [start, end).</summary>
    public static (int Start, int End) SampleRange(int samples, int unit)
    {
        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "a run of samples has at least one");
        }

        var size = SamplesPerUnit(samples);
        var start = unit * size;
        return start >= samples || unit < 0
            ? throw new ArgumentOutOfRangeException(nameof(unit), unit, $"a run of {samples} samples has {SampleUnits(samples)} units")
            : (start, Math.Min(samples, start + size));
    }
}

/// <summary>
/// The runs of the operations with their units computed by an <see cref="IUnitRunner"/>: the same
/// results as the operations' own Run, which each falls back to with no runner, or when the request
/// has nothing to spread (no samples); then the runner is not used at all.
/// </summary>
public static class UnitRuns
{
    public static LeverageMatrixResult Leverage(StackModel model, LeverageOperation.Request request, IUnitRunner? runner, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (runner is null)
        {
            return LeverageOperation.Run(model, request, progress, cancel);
        }

        LeverageMatrix.Check(model, request.Homes, request.Analysis);
        var columns = runner.Run(new UnitWork(WorkUnits.LeverageHome, request.Homes.Count), progress, cancel).Select(UnitCodec.ReadColumn).ToList();
        if (columns.Count < request.Homes.Count)
        {
            throw new OperationCanceledException(cancel);
        }

        return LeverageMatrix.Merge(model, request.Homes, request.Analysis, columns);
    }

    public static AnalyzeOperation.Result Analyze(StackModel model, AnalyzeOperation.Request request, IUnitRunner? runner, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (runner is null || request.Sampling.Samples == 0)
        {
            return AnalyzeOperation.Run(model, request, progress, cancel);
        }

        var result = HomeAnalysis.Run(model, request.Analysis);
        var bands = request.Sampling.Bands((n, seed) =>
        {
            var sampler = AnalysisSampler.Prepare(model, request.Analysis);
            return sampler.Summarize(Samples(runner, WorkUnits.AnalyzeSamples, n, seed, UnitCodec.ReadSamples, progress, cancel), n, seed);
        });
        return new AnalyzeOperation.Result(model.Name, result, bands);
    }

    public static ScenarioOperation.Result Scenario(StackModel model, ScenarioOperation.Request request, IUnitRunner? runner, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (runner is null || request.Sampling.Samples == 0)
        {
            return ScenarioOperation.Run(model, request, progress, cancel);
        }

        var result = ScenarioAnalysis.Run(model, request.Spec);
        return new ScenarioOperation.Result(result, request.Sampling.Bands((n, seed) => ScenarioBands(model, request.Spec, n, seed, runner, progress, cancel)));
    }

    /// <summary>The service's scenario-samples job on units: the bands alone.</summary>
    public static ScenarioBands ScenarioBands(StackModel model, ScenarioSpec spec, int samples, int seed, IUnitRunner? runner, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        if (runner is null)
        {
            return UncertaintyAnalysis.Scenario(model, spec, samples, seed, progress, cancel);
        }

        var sampler = ScenarioSampler.Prepare(model, spec);
        return sampler.Summarize(Samples(runner, WorkUnits.ScenarioSamples, samples, seed, UnitCodec.ReadScenarioSamples, progress, cancel), samples, seed);
    }

    public static RecoverOperation.Result Recover(StackModel model, RecoverOperation.Request request, IUnitRunner? runner, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (runner is null || request.Sampling.Samples == 0)
        {
            return RecoverOperation.Run(model, request, progress, cancel);
        }

        var result = RecoveryAnalysis.Run(model, request.Spec, request.Months);
        var bands = request.Sampling.Bands((n, seed) =>
        {
            var sampler = RecoverySampler.Prepare(model, request.Spec, request.Months);
            return sampler.Summarize(Samples(runner, WorkUnits.RecoverSamples, n, seed, UnitCodec.ReadRecoverySamples, progress, cancel), n, seed);
        });
        return new RecoverOperation.Result(result, bands);
    }

    /// <summary>
    /// A comparison on units, one per model and home: each model travels to the cluster with the
    /// request as that model alone reads it (its homes), through a runner of its own from
    /// <paramref name="runners"/>, and the models run side by side. Rows come back in the order of
    /// the run in one process; progress counts the rows done of all.
    /// </summary>
    public static IReadOnlyList<CompareOperation.Row> Compare(IReadOnlyList<(string Label, StackModel Model)> models, CompareOperation.Request request, RecordedFields fields,
        Func<StackModel, RecordedFields, IUnitRunner>? runners, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(fields);
        if (runners is null)
        {
            return CompareOperation.Run(models, request, progress, cancel);
        }

        CompareOperation.Check(models, request);
        var total = CompareOperation.Pairs(models, request).Count;
        var done = new int[models.Count];
        var gate = new object();
        var runs = models.Select((m, i) => Task.Factory.StartNew(() =>
        {
            var homes = CompareOperation.HomesOf(request, i, models.Count);
            var count = CompareOperation.Pairs([m.Model], request with { Homes = homes }).Count;
            var report = progress is null ? null : new Progress(p =>
            {
                lock (gate)
                {
                    done[i] = p.Done;
                    progress.Report((done.Sum(), total));
                }
            });
            var rows = runners(m.Model, fields.With("homes", homes)).Run(new UnitWork(WorkUnits.CompareHome, count), report, cancel);
            return rows.Count < count
                ? throw new OperationCanceledException(cancel)
                : rows.Select(b => UnitCodec.ReadCompareRow(b)).Select(row => row with { Document = row.Document with { Model = m.Label } }).ToList();
        }, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        try
        {
            Task.WaitAll(runs);
        }
        catch (AggregateException)
        {
            // The first model's failure, whatever the timing.
            var first = runs.First(t => t.IsFaulted || t.IsCanceled);
            if (first.IsCanceled)
            {
                throw new OperationCanceledException(cancel);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first.Exception!.InnerException!).Throw();
        }

        return runs.SelectMany(t => t.Result).ToList();
    }

    /// <summary>
    /// The optimizer with its frontier's searches on units, one per coalition size; a request that
    /// does not search the frontier (<see cref="OptimizeOperation.SearchesFrontier"/>) has nothing to
    /// spread and runs here. Progress says the searches done.
    /// </summary>
    public static OptimizeResult Optimize(StackModel model, OptimizeOperation.Request request, IUnitRunner? runner, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (runner is null || !OptimizeOperation.SearchesFrontier(request))
        {
            return OptimizeOperation.Run(model, request, progress, cancel);
        }

        var problem = FrontierProblem.Prepare(model, request.Optimizer);
        var points = runner.Run(new UnitWork(WorkUnits.FrontierPoint, problem.Levels.Count),
            progress is null ? null : new Progress(p => progress.Report(RepositioningOptimizer.FrontierProgress(p.Done, p.Total))), cancel);
        return problem.Merge(points.Select(UnitCodec.ReadFrontierSearch).ToList());
    }

    /// <summary>The samples of a run of <paramref name="n"/> under <paramref name="seed"/>, in sample order; progress in samples, as the local run reports it.</summary>
    private static List<T> Samples<T>(IUnitRunner runner, string kind, int n, int seed, Func<byte[], IReadOnlyList<T>> read, IProgress<(int Done, int Total)>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var perUnit = WorkUnits.SamplesPerUnit(n);
        var work = new UnitWork(kind, WorkUnits.SampleUnits(n)) { Samples = n, Seed = seed };
        return runner.Run(work, progress is null ? null : new Progress(p => progress.Report((Math.Min(n, p.Done * perUnit), n))), cancel).SelectMany(read).ToList();
    }

    /// <summary>Progress reported as it comes, on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}

/// <summary>The bytes of a unit's result: little-endian, doubles bit for bit, strings as UTF-8 with their length.</summary>
public static class UnitCodec
{
    public static byte[] Write(LeverageHomeColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Bytes(w =>
        {
            w.Write(column.Home);
            WriteEach(w, column.Cells, (w, c) =>
            {
                w.Write(c.Holder);
                w.Write(c.Home);
                w.Write(c.Applicable);
                w.Write(c.CutPower);
                w.Write(c.CapacityBefore);
                w.Write(c.CapacityAfter);
                WriteNullable(w, c.SmallestCoalition);
                WriteNullable(w, c.Raw);
            });
            WriteEach(w, column.Controls, (w, k) => w.Write(k));
        });
    }

    public static LeverageHomeColumn ReadColumn(byte[] bytes) => Read(bytes, r =>
    {
        var home = r.ReadString();
        var cells = ReadAll(r, r => new LeverageCell(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadBoolean(), r.ReadDouble(), r.ReadDouble(),
            r.ReadBoolean() ? r.ReadInt32() : null, r.ReadBoolean() ? r.ReadDouble() : null));
        return new LeverageHomeColumn(home, cells, ReadAll(r, r => r.ReadInt32()));
    });

    public static byte[] Write(IReadOnlyList<AnalysisSample> samples) => WriteAll(samples, (w, s) =>
    {
        w.Write(s.Baseline);
        WriteDoubles(w, s.After);
        foreach (var c in s.Cuts)
        {
            w.Write(c);
        }

        WriteNullable(w, s.P);
    });

    public static IReadOnlyList<AnalysisSample> ReadSamples(byte[] bytes) => Read(bytes, r => ReadAll(r, r =>
    {
        var baseline = r.ReadDouble();
        var after = ReadDoubles(r);
        var cuts = new bool[after.Length];
        for (var e = 0; e < cuts.Length; e++)
        {
            cuts[e] = r.ReadBoolean();
        }

        return new AnalysisSample(baseline, after, cuts, r.ReadBoolean() ? r.ReadDouble() : null);
    }));

    public static byte[] Write(IReadOnlyList<ScenarioSample> samples) => WriteAll(samples, (w, s) =>
    {
        WriteDoubles(w, s.Capacity);
        w.Write(s.Cut);
        WriteNullable(w, s.Retained);
    });

    public static IReadOnlyList<ScenarioSample> ReadScenarioSamples(byte[] bytes) => Read(bytes, r => ReadAll(r, r =>
        new ScenarioSample(ReadDoubles(r), r.ReadBoolean(), r.ReadBoolean() ? r.ReadDouble() : null)));

    public static byte[] Write(IReadOnlyList<RecoverySample> samples) => WriteAll(samples, (w, s) =>
    {
        WriteNullable(w, s.FirstCutMonth);
        WriteNullable(w, s.RecoveryMonth);
        w.Write(s.Final);
        WriteNullable(w, s.FinalRetained);
    });

    public static IReadOnlyList<RecoverySample> ReadRecoverySamples(byte[] bytes) => Read(bytes, r => ReadAll(r, r =>
        new RecoverySample(r.ReadBoolean() ? r.ReadInt32() : null, r.ReadBoolean() ? r.ReadInt32() : null, r.ReadDouble(), r.ReadBoolean() ? r.ReadDouble() : null)));

    public static byte[] Write(CompareOperation.Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var d = row.Document;
        return Bytes(w =>
        {
            w.Write(d.Model);
            WriteNullable(w, d.Name);
            w.Write(d.Home);
            w.Write(d.Target);
            w.Write(d.Reach);
            WriteStrings(w, d.ControlsInForce);
            w.Write(d.BaselineCapacity);
            w.Write(d.DomesticOnly);
            WriteNullable(w, d.DomesticOnlyRetained);
            WriteNullable(w, d.StrongestHolderRetained);
            WriteNullable(w, d.ForeignShare);
            WriteStrings(w, d.SingleCuts);
            WriteNullable(w, d.SmallestCoalition);
            WriteBig(w, d.CutSets.Count.Value);
            WriteEach(w, d.CutSets.ByOrder.ToList(), (w, kv) =>
            {
                w.Write(kv.Key);
                WriteBig(w, kv.Value.Value);
            });

            WriteNullable(w, d.StrongestHolder);
            WriteNullable(w, d.Probability);
            WriteNullable(w, row.MaxOrder);
            w.Write(row.StrongestHolderCuts);
            w.Write(row.Controls);
        });
    }

    public static CompareOperation.Row ReadCompareRow(byte[] bytes) => Read(bytes, r =>
    {
        var (model, name, home, target, reach) = (r.ReadString(), ReadNullableString(r), r.ReadString(), r.ReadString(), r.ReadBoolean());
        var controls = ReadStrings(r);
        var (baseline, domesticOnly) = (r.ReadDouble(), r.ReadBoolean());
        var (retained, strongestRetained, foreign) = (ReadNullableDouble(r), ReadNullableDouble(r), ReadNullableDouble(r));
        var singles = ReadStrings(r);
        var smallest = r.ReadBoolean() ? r.ReadInt32() : (int?)null;
        var count = ReadBig(r);
        var byOrder = new Dictionary<string, Count>(StringComparer.Ordinal);
        foreach (var (order, n) in ReadAll(r, r => (r.ReadString(), new Count(ReadBig(r)))))
        {
            byOrder[order] = n;
        }

        var document = new CompareDocument.Row(model, name, home, target, reach, controls, baseline, domesticOnly, retained, strongestRetained, foreign, singles, smallest,
            new CutSetsJson(new Count(count), byOrder, null), ReadNullableString(r), ReadNullableDouble(r));
        return new CompareOperation.Row(document, r.ReadBoolean() ? r.ReadInt32() : null, r.ReadBoolean(), r.ReadString());
    });

    public static byte[] Write(FrontierSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return Bytes(w =>
        {
            w.Write(search.Wanted);
            w.Write(search.Rounds);
            w.Write(search.Stopped);
            w.Write(search.Plan is not null);
            if (search.Plan is { } plan)
            {
                WriteEach(w, plan, (w, k) => w.Write(k));
            }

            w.Write(search.Figures is not null);
            if (search.Figures is { } f)
            {
                WriteNullable(w, f.SmallestCoalition);
                w.Write(f.TargetCapacity);
                WriteNullable(w, f.Probability);
                WriteNullable(w, f.ScenarioCapacity);
            }
        });
    }

    public static FrontierSearch ReadFrontierSearch(byte[] bytes) => Read(bytes, r =>
    {
        var (wanted, rounds, stopped) = (r.ReadInt32(), r.ReadInt32(), r.ReadBoolean());
        var plan = r.ReadBoolean() ? ReadAll(r, r => r.ReadInt32()) : null;
        var figures = r.ReadBoolean()
            ? new PlanFigures(r.ReadBoolean() ? r.ReadInt32() : null, r.ReadDouble(), r.ReadBoolean() ? r.ReadDouble() : null, r.ReadBoolean() ? r.ReadDouble() : null)
            : null;
        return new FrontierSearch(wanted, plan, figures, rounds, stopped);
    });

    /// <summary>A count, then each item, as the whole message.</summary>
    private static byte[] WriteAll<T>(IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Bytes(w => WriteEach(w, items, write));
    }

    /// <summary>A count, then each item: every list of every message.</summary>
    private static void WriteEach<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static T[] ReadAll<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var items = new T[Count(r)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(r);
        }

        return items;
    }

    private static void WriteDoubles(BinaryWriter w, double[] values) => WriteEach(w, values, (w, v) => w.Write(v));

    private static double[] ReadDoubles(BinaryReader r) => ReadAll(r, r => r.ReadDouble());

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values) => WriteEach(w, values, (w, v) => w.Write(v));

    private static string[] ReadStrings(BinaryReader r) => ReadAll(r, r => r.ReadString());

    private static void WriteBig(BinaryWriter w, System.Numerics.BigInteger value)
    {
        var bytes = value.ToByteArray();
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static System.Numerics.BigInteger ReadBig(BinaryReader r)
    {
        var bytes = r.ReadBytes(Count(r));
        return bytes.Length == 0 ? throw new InvalidDataException("a unit's result is damaged: a count with no bytes.") : new System.Numerics.BigInteger(bytes);
    }

    private static void WriteNullable(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? ReadNullableString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static double? ReadNullableDouble(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;

    private static void WriteNullable(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is { } v)
        {
            w.Write(v);
        }
    }

    private static void WriteNullable(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        if (value is { } v)
        {
            w.Write(v);
        }
    }

    /// <summary>What <paramref name="write"/> writes, as bytes (the layout every binary message here shares).</summary>
    internal static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(w);
        }

        return stream.ToArray();
    }

    private static int Count(BinaryReader r) => Count(r, "a unit's result");

    /// <summary>A count read back, checked against what is left, so that damaged bytes are an error and not a huge allocation.</summary>
    internal static int Count(BinaryReader r, string what)
    {
        var n = r.ReadInt32();
        return n < 0 || n > r.BaseStream.Length - r.BaseStream.Position
            ? throw new InvalidDataException($"{what} is damaged: a count of {n} at byte {r.BaseStream.Position - 4}.")
            : n;
    }

    private static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
        try
        {
            var value = read(r);
            return r.BaseStream.Position == bytes.Length ? value : throw new InvalidDataException($"a unit's result has {bytes.Length - r.BaseStream.Position} bytes too many.");
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a unit's result is cut short.", e);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A string's length that is not a 7-bit encoded integer, or is negative.
            throw new InvalidDataException($"a unit's result is damaged: {e.Message}", e);
        }
    }
}
