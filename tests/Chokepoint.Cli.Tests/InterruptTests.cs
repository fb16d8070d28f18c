using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Chokepoint.Analysis.Generation;
using Chokepoint.Formats.Models;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// Ctrl-C (SIGINT) on a real <c>chokepoint optimize</c> process in the middle of its search: it
/// answers the best plan so far, marked as not proven optimal, and exits 0. The solver (CP-SAT)
/// would otherwise take SIGINT for itself during a solve and leave the process to die of the next one.
/// </summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_in_the_middle_of_an_optimization_answers_the_best_plan_so_far()
    {
        var cancel = TestContext.Current.CancellationToken;
        var dir = TempFolders.Create("chokepoint-sigint-").FullName;
        var model = Path.Combine(dir, "g.json");
        // 256 rounds of solve, recompile and check in about 25 s on 2 cores (docs/benchmarks.md, "Constraint repositioning").
        await File.WriteAllTextAsync(model, ModelWriter.ToJson(StackGenerator.Generate(10000, 50, seed: 8, actions: 200, targetInputs: 1)), cancel);
        using var process = Process.Start(CliProcess.StartInfo(dir, ["optimize", model, "--budget", "2000", "--json"]))!;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);

        await Task.Delay(TimeSpan.FromSeconds(6), cancel);
        Assert.False(process.HasExited, "the optimization ended before it could be interrupted; give it a larger instance");
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(cancel);
        }

        await process.WaitForExitAsync(cancel).WaitAsync(TimeSpan.FromSeconds(60), cancel);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");
        using var json = JsonDocument.Parse(await output);
        Assert.False(json.RootElement.GetProperty("optimal").GetBoolean());
        Assert.Contains("not proven optimal", json.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }
}
