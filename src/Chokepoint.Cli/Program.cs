namespace Chokepoint.Cli;

internal static class Program
{
    public static int Main(string[] args) =>
        CliApp.Run(args, new CliContext(Console.Out, Console.Error, IsTerminal: !Console.IsOutputRedirected));
}
