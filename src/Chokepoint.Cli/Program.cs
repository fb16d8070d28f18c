namespace Chokepoint.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C asks long work to stop and report what it has; a second one ends the process.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        return CliApp.Run(args, new CliContext(Console.Out, Console.Error, IsTerminal: !Console.IsOutputRedirected) { Cancel = cancel.Token });
    }
}
