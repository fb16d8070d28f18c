using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Stack;

/// <summary>
/// The leverage of jurisdiction J over home H for every pair of a set of homes (DESIGN.md section 3),
/// on one model and target. <see cref="Score"/> condenses it to one number in [0, 1]: 1 when J alone
/// cuts H's target, otherwise the fraction of H's target capacity that J's restriction removes.
/// </summary>
public sealed record LeverageCell(string Holder, string Home, bool Applicable, bool CutPower, double CapacityBefore, double CapacityAfter, int? SmallestCoalition, double? Raw)
{
    public double Score => !Applicable ? 0 : CutPower ? 1 : CapacityBefore <= 0 ? 0 : Math.Clamp((CapacityBefore - CapacityAfter) / CapacityBefore, 0, 1);

    /// <summary>The home's target capacity when the holder restricts, as a share of its normal output (DESIGN.md section 2a).</summary>
    public double? Retained => Stack.Retained.Of(CapacityAfter, CapacityBefore);
}

/// <summary>A matrix of leverage cells, with asymmetry and a ranking of holders.</summary>
public sealed record LeverageMatrixResult(string TargetId, IReadOnlyList<string> Homes, IReadOnlyList<LeverageCell> Cells, int? MaxOrder)
{
    /// <summary>The standing controls in force for each home (a control by one home is not in force for it).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ControlInForce>> Controls { get; init; } = new Dictionary<string, IReadOnlyList<ControlInForce>>();

    public LeverageCell Cell(string holder, string home) => Cells.First(c => c.Holder == holder && c.Home == home);

    /// <summary>L(A,B) − L(B,A): positive when A holds more over B than B over A.</summary>
    public double Asymmetry(string a, string b) => Cell(a, b).Score - Cell(b, a).Score;

    /// <summary>Every pair of homes once, the one holding more over the other first, with L(A,B) − L(B,A) ≥ 0.</summary>
    public IEnumerable<(string A, string B, double Value)> AsymmetricPairs()
    {
        for (var i = 0; i < Homes.Count; i++)
        {
            for (var j = i + 1; j < Homes.Count; j++)
            {
                var value = Asymmetry(Homes[i], Homes[j]);
                yield return value >= 0 ? (Homes[i], Homes[j], value) : (Homes[j], Homes[i], -value);
            }
        }
    }

    /// <summary>Holders by the sum of their scores over the other homes, strongest first (ties by id).</summary>
    public IReadOnlyList<(string Holder, double Total, int Cuts)> Ranking() => Homes
        .Select(h => (Holder: h, Total: Cells.Where(c => c.Holder == h).Sum(c => c.Score), Cuts: Cells.Count(c => c.Holder == h && c.CutPower)))
        .OrderByDescending(x => x.Total).ThenBy(x => x.Holder, StringComparer.Ordinal).ToList();
}

/// <summary>
/// One home's column of a leverage matrix: its cells in holder order, and the standing controls in
/// force for it as positions in the model's <c>controls</c>. A unit of work on its own (a cluster
/// computes homes apart); <see cref="LeverageMatrix.Merge"/> puts the columns together.
/// </summary>
public sealed record LeverageHomeColumn(string Home, IReadOnlyList<LeverageCell> Cells, IReadOnlyList<int> Controls);

/// <summary>
/// Computes the leverage matrix: the homes side by side, one on each core (each home is computed
/// on its own, from the model alone), merged in home order, so the result does not depend on
/// which finished first; progress is reported as each home is done.
/// </summary>
public static class LeverageMatrix
{
    public static LeverageMatrixResult Run(StackModel model, IReadOnlyList<string> homes, AnalysisRequest request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        Check(model, homes, request);
        var columns = new LeverageHomeColumn[homes.Count];
        var failures = new Exception?[homes.Count];
        var done = 0;
        var options = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, homes.Count, options, h =>
        {
            try
            {
                columns[h] = Home(model, homes, request, h);
                progress?.Report((Interlocked.Increment(ref done), homes.Count));
            }
#pragma warning disable CA1031 // Kept and thrown below, as it was thrown: the first home's failure, whichever core saw it first.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Every home still runs, so that the failure thrown is the first home's, whatever the timing.
                failures[h] = e;
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return Merge(model, homes, request, columns);
    }

    /// <summary>Fails fast on a request that cannot make a matrix (fewer than two homes, an unknown target).</summary>
    public static void Check(StackModel model, IReadOnlyList<string> homes, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(request);
        if (homes.Count < 2)
        {
            throw new PerspectiveException("a leverage matrix needs at least two homes.", "Name two or more homes, such as CN, US, NL.", "homes");
        }

        _ = HomeAnalysis.ResolveTarget(model, request.Target);
    }

    /// <summary>The column of home number <paramref name="h"/>: what every other home holds over it.</summary>
    public static LeverageHomeColumn Home(StackModel model, IReadOnlyList<string> homes, AnalysisRequest request, int h)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(request);
        var (_, componentId) = HomeAnalysis.ResolveTarget(model, request.Target);
        var cells = new List<LeverageCell>(homes.Count - 1);
        var home = homes[h];
        var perspective = Perspective.Create(model, request.Perspective with { Home = home });
        var stack = new CompiledStack(perspective, componentId);
        var target = stack.IndexOf(componentId);
        var controls = stack.ControlsInForce.Select(k => Position(model.Controls, k.Control)).ToList();
        var (probabilities, _) = HomeAnalysis.EventProbabilities(perspective, request.Probabilities.Where(kv => perspective.EventNumber(kv.Key) >= 0).ToDictionary());
        var cuts = CutSetAnalysis.Run(stack, target, request.MaxOrder, probabilities);
        var n = stack.EventCount;
        var before = stack.Evaluate(new bool[n]).Capacity[target];
        foreach (var holder in homes)
        {
            if (holder == home)
            {
                continue;
            }

            var e = perspective.EventNumber(holder);
            if (perspective.IsDomestic(holder) || perspective.Friendly.Contains(holder))
            {
                cells.Add(new LeverageCell(holder, home, false, false, before, before, null, null));
                continue;
            }

            if (e < 0)
            {
                // The holder supplies nothing the home needs: no leverage.
                cells.Add(new LeverageCell(holder, home, true, false, before, before, null, probabilities is null ? null : 1.0));
                continue;
            }

            var restricted = new bool[n];
            restricted[e] = true;
            var state = stack.Evaluate(restricted);
            var smallest = cuts.Sets.Where(s => s.Members.Contains(holder)).Select(s => (int?)s.Order).Min();
            var raw = probabilities is null ? (double?)null : cuts.Importance.FirstOrDefault(i => i.Event == holder)?.Raw ?? 1.0;
            cells.Add(new LeverageCell(holder, home, true, !state.Available[target], before, state.Capacity[target], smallest, raw));
        }

        return new LeverageHomeColumn(home, cells, controls);
    }

    /// <summary>The matrix of the columns of every home, in home order: the same result however and wherever the columns were computed.</summary>
    public static LeverageMatrixResult Merge(StackModel model, IReadOnlyList<string> homes, AnalysisRequest request, IReadOnlyList<LeverageHomeColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(columns);
        var (targetId, _) = HomeAnalysis.ResolveTarget(model, request.Target);
        var jurisdictions = new ModelIndex(model).Jurisdictions;
        var controls = new Dictionary<string, IReadOnlyList<ControlInForce>>(StringComparer.Ordinal);
        var cells = new List<LeverageCell>();
        for (var h = 0; h < homes.Count; h++)
        {
            var column = columns[h];
            if (column.Home != homes[h])
            {
                throw new ArgumentException($"column {h} is for {column.Home}, not {homes[h]}.", nameof(columns));
            }

            cells.AddRange(column.Cells);
            controls[column.Home] = column.Controls.Select(i => new ControlInForce(model.Controls[i], Perspective.RuleOf(jurisdictions, model.Controls[i]))).ToList();
        }

        return new LeverageMatrixResult(targetId, homes, cells, request.MaxOrder) { Controls = controls };
    }

    private static int Position(IReadOnlyList<Control> controls, Control control)
    {
        for (var i = 0; i < controls.Count; i++)
        {
            if (ReferenceEquals(controls[i], control))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"control {control.Name} is not one of the model's.");
    }
}
