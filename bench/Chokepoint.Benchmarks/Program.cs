using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chokepoint.Formats.Mef;
using Chokepoint.Logic.Analysis;

namespace Chokepoint.Benchmarks;

/// <summary>
/// Runs the whole Aralia set: for every model, the exact probability and the exact cut-set count (no enumeration).
/// Each model runs in its own child process so that its peak memory is its own.
/// Usage: dotnet run -c Release --project bench/Chokepoint.Benchmarks -- [--data DIR] [--write FILE] [model...]
/// Tools: --single FILE (one model, one line), --stats FILE (modules and sizes), --bounds FILE KMIN KMAX (bounds by order;
/// CP_UPPER sets the cover order). CP_ORDER, CP_NOCUT, CP_MAXNODES, CP_TOP steer --single for experiments.
/// </summary>
internal static class Program
{
    /// <summary>The orders used for bounds when a model is out of the exact engine's reach.</summary>
    private const int BoundsOrder = 5;

    private const int BoundsCoverOrder = 3;

    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--stats")
        {
            Stats.Print(args[1]);
            return 0;
        }

        if (args.Length >= 3 && args[0] == "--bounds")
        {
            var m = MefReader.ReadFile(args[1]);
            for (var k = int.Parse(args[2], CultureInfo.InvariantCulture); k <= int.Parse(args[^1], CultureInfo.InvariantCulture); k++)
            {
                var sw = Stopwatch.StartNew();
                var b = FaultTreeAnalyzer.Bounds(m.Graph, k, int.TryParse(Environment.GetEnvironmentVariable("CP_UPPER"), out var u) ? u : null);
                Console.WriteLine($"k={k}: {b.Lower} <= P <= {b.Upper}; cut sets <= k: {b.CutSets.Count} ({string.Join(" ", b.CutSets.CountByOrder.Select(x => $"{x.Key}:{x.Value}"))}); {sw.Elapsed.TotalSeconds:F2}s, peak {PeakMegabytes()} MB");
            }

            return 0;
        }

        if (args.Length >= 2 && args[0] == "--single")
        {
            return Single(args[1]);
        }

        var data = Environment.GetEnvironmentVariable("CHOKEPOINT_SHARED_DATA") ?? FindSharedData();
        string? write = null;
        var models = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data":
                    data = args[++i];
                    break;
                case "--write":
                    write = args[++i];
                    break;
                default:
                    models.Add(args[i]);
                    break;
            }
        }

        var dir = Path.Combine(data, "aralia", "models");
        if (models.Count == 0)
        {
            models = [.. Directory.GetFiles(dir, "*.xml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Cast<string>()];
        }

        var rows = new List<string[]>();
        var total = 0.0;
        var wall = Stopwatch.StartNew();
        foreach (var m in models)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!, [.. PrefixArgs(), "--single", Path.Combine(dir, m + ".xml")])
            {
                RedirectStandardOutput = true,
            };
            using var p = Process.Start(psi)!;
            var line = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            var cells = line.Split('\t');
            Console.WriteLine(string.Join("  ", cells));
            rows.Add(cells);
            if (cells.Length > 5 && double.TryParse(cells[5], CultureInfo.InvariantCulture, out var s))
            {
                total += s;
            }
        }

        Console.WriteLine($"total analysis seconds: {total:F2}; wall incl. process start: {wall.Elapsed.TotalSeconds:F1}");
        if (write is not null)
        {
            WriteSection(write, Markdown(rows, total, wall.Elapsed.TotalSeconds, args));
        }

        return 0;
    }

    private static string[] PrefixArgs()
    {
        // Under "dotnet Chokepoint.Benchmarks.dll" the process path is dotnet itself.
        var entry = typeof(Program).Assembly.Location;
        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? [entry] : [];
    }

    private static int Single(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            var sw = Stopwatch.StartNew();
            var model = MefReader.ReadFile(path);
            var sub = Environment.GetEnvironmentVariable("CP_TOP");
            if (sub is not null)
            {
                var idx = model.Graph.Nodes.ToList().FindIndex(n => n.Name == sub);
                model = model with { Graph = model.Graph.WithTop(new Chokepoint.Logic.Graph.NodeRef(idx)) };
            }

            FaultTreeResult result;
            try
            {
                result = FaultTreeAnalyzer.Analyze(model.Graph, new AnalysisOptions
                {
                    OrderHeuristic = int.Parse(Environment.GetEnvironmentVariable("CP_ORDER") ?? "0", CultureInfo.InvariantCulture),
                    ComputeCutSets = Environment.GetEnvironmentVariable("CP_NOCUT") is null,
                    MaxNodes = int.TryParse(Environment.GetEnvironmentVariable("CP_MAXNODES"), out var mx) ? mx : new AnalysisOptions().MaxNodes,
                });
            }
            catch (AnalysisLimitException)
            {
                // Out of the exact engine's reach: guaranteed bounds instead, stated as bounds.
                var bounds = FaultTreeAnalyzer.Bounds(model.Graph, BoundsOrder, BoundsCoverOrder);
                sw.Stop();
                Console.WriteLine(string.Join('\t',
                    name,
                    model.BasicEventCount.ToString(CultureInfo.InvariantCulture),
                    model.GateCount.ToString(CultureInfo.InvariantCulture),
                    $"≥ {bounds.CutSets.Count.ToString(CultureInfo.InvariantCulture)} (exactly {bounds.CutSets.Count.ToString(CultureInfo.InvariantCulture)} of order ≤ {BoundsOrder})",
                    $"bounds [{bounds.Lower.Value.ToString("G6", CultureInfo.InvariantCulture)}, {bounds.Upper.Value.ToString("G6", CultureInfo.InvariantCulture)}]",
                    sw.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    PeakMegabytes().ToString(CultureInfo.InvariantCulture)));
                return 0;
            }

            var tBdd = sw.Elapsed.TotalSeconds;
            var count = result.CutSets?.Count ?? -1;
            sw.Stop();
            Console.Error.WriteLine($"{name}: bdd nodes {result.BddNodes:N0}, zbdd nodes {result.CutSets?.DiagramNodes:N0}, analysis {tBdd:F2}s, count {sw.Elapsed.TotalSeconds - tBdd:F2}s");
            Console.WriteLine(string.Join('\t',
                name,
                model.BasicEventCount.ToString(CultureInfo.InvariantCulture),
                model.GateCount.ToString(CultureInfo.InvariantCulture),
                count.ToString(CultureInfo.InvariantCulture),
                result.Probability.Value.ToString("G6", CultureInfo.InvariantCulture),
                sw.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                PeakMegabytes().ToString(CultureInfo.InvariantCulture)));
            return 0;
        }
        catch (Exception e) when (e is AnalysisLimitException or MefException or NotSupportedException or OutOfMemoryException)
        {
            Console.WriteLine($"{name}\t-\t-\tfailed: {e.Message}\t-\t-\t{PeakMegabytes()}");
            return 1;
        }
    }

    private static long PeakMegabytes()
    {
        // VmHWM: the peak resident set of this process, in kB.
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }

    private static string FindSharedData()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Chokepoint.slnx")))
            {
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "data"));
            }
        }

        return Path.Combine("..", "shared", "data");
    }

    private const string Begin = "<!-- aralia benchmark: begin (written by bench/Chokepoint.Benchmarks --write) -->";
    private const string End = "<!-- aralia benchmark: end -->";

    /// <summary>Replaces the Aralia section of a benchmarks page that other benchmarks share, or appends it.</summary>
    private static void WriteSection(string path, string markdown)
    {
        var section = $"{Begin}\n{markdown.TrimEnd()}\n{End}";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? string.Concat(text.AsSpan(0, start), section, text.AsSpan(end + End.Length))
            : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, text);
    }

    private static string Markdown(List<string[]> rows, double total, double wall, string[] args)
    {
        var cpu = "unknown";
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                break;
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine("## The Aralia fault-tree set");
        sb.AppendLine();
        sb.AppendLine("Exact top-event probability and exact minimal-cut-set count (counted on the ZBDD, not enumerated) for every model.");
        sb.AppendLine("Each model runs in its own process; *seconds* is the time to read the file and analyse it, *peak MB* the process's peak resident memory.");
        sb.AppendLine("nus9601 is beyond the exact engine's default budget of 20 million BDD nodes: it stops cleanly and falls back to guaranteed");
        sb.AppendLine("bounds (the exact cut sets of order ≤ 5, and lower and upper bounds on the probability), shown as bounds; see [aralia.md](aralia.md).");
        sb.AppendLine("For comparison, SCRAM 0.16.2 on a 2-core machine (`../shared/data/aralia/reference_results.csv`) needs about 110 s to give counts");
        sb.AppendLine("and probabilities for 41 of the 43 models (das9701's count and nus9601 not finished within 120 s each).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {cpu}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: .NET {Environment.Version}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Load average when the run ended (other work shares the 2 cores): {File.ReadAllText("/proc/loadavg").Trim()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Chokepoint.Benchmarks -- {string.Join(' ', args)}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Total analysis time: **{total:F1} s** (wall time including one process start per model: {wall:F1} s)");
        sb.AppendLine();
        sb.AppendLine("| model | events | gates | cut sets | probability | seconds | peak MB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }

        return sb.ToString();
    }
}

internal static class Stats
{
    public static void Print(string path)
    {
        var model = MefReader.ReadFile(path);
        var pdag = Chokepoint.Logic.Preprocessing.Pdag.From(model.Graph);
        var st = new Chokepoint.Logic.Preprocessing.Structure(pdag, true, 1);
        var reach = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(Chokepoint.Logic.Preprocessing.Pdag.Node(pdag.Top));
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!reach.Add(n))
            {
                continue;
            }

            foreach (var c in pdag.Nodes[n].Children)
            {
                stack.Push(Chokepoint.Logic.Preprocessing.Pdag.Node(c));
            }
        }

        var gates = reach.Where(n => pdag.Nodes[n].IsGate).ToList();
        Console.WriteLine($"reachable gates {gates.Count}, events {reach.Count - gates.Count}, modules {gates.Count(g => st.IsModule[g])}, proxies {gates.Count(g => st.IsProxy[g])}");
        Console.WriteLine("kinds: " + string.Join(", ", gates.GroupBy(g => pdag.Nodes[g].Kind).Select(g => $"{g.Key}:{g.Count()}")));
        // variables per module BDD: count vars reachable without passing through a proxy
        var sizes = new List<(int Gate, int Vars, int Gates)>();
        foreach (var m in gates.Where(g => st.IsProxy[g] || g == Chokepoint.Logic.Preprocessing.Pdag.Node(pdag.Top)))
        {
            var seen = new HashSet<int>();
            var s2 = new Stack<int>();
            var vars = 0;
            var gs = 0;
            foreach (var c in pdag.Nodes[m].Children)
            {
                s2.Push(Chokepoint.Logic.Preprocessing.Pdag.Node(c));
            }

            while (s2.Count > 0)
            {
                var n = s2.Pop();
                if (!seen.Add(n))
                {
                    continue;
                }

                if (st.VarOfNode[n] >= 0)
                {
                    vars++;
                    continue;
                }

                gs++;
                foreach (var c in pdag.Nodes[n].Children)
                {
                    s2.Push(Chokepoint.Logic.Preprocessing.Pdag.Node(c));
                }
            }

            sizes.Add((m, vars, gs));
        }

        foreach (var s in sizes.OrderByDescending(s => s.Vars).Take(8))
        {
            Console.WriteLine($"module {s.Gate}: vars {s.Vars}, inner gates {s.Gates}");
        }
    }
}
