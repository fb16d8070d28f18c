using System.CommandLine;
using Chokepoint.Cli.Commands;

namespace Chokepoint.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Chokepoint: who controls a technology stack.");
        root.Subcommands.Add(FaultTreeCommand.Create());
        return CommandLineHost.Invoke(root, args);
    }
}
