using Spectre.Console;

namespace Chokepoint.Cli.Output;

/// <summary>A progress bar on stderr for long work when a person is watching; nothing when piped.</summary>
internal static class Progress
{
    public static T Run<T>(CliContext context, string what, int total, Func<IProgress<(int Done, int Total)>, T> work)
    {
        if (!context.IsTerminal || total <= 1)
        {
            return work(new Progress<(int, int)>(_ => { }));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Err) });
        T result = default!;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(what, maxValue: total);
            result = work(new Sync(p => task.Value = p.Done));
        });
        return result;
    }

    /// <summary>Reports on the calling thread, so the bar moves as work is done rather than later.</summary>
    private sealed class Sync(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
