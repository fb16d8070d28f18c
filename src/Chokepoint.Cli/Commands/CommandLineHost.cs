using System.CommandLine;

namespace Chokepoint.Cli.Commands;

/// <summary>Runs a parsed command line with the exit codes every verb shares.</summary>
internal static class CommandLineHost
{
    /// <summary>0: done. 2: bad input — unknown options, bad values, unreadable files.</summary>
    public const int BadInput = 2;

    /// <summary>Parses and runs; a parse error prints its messages and returns <see cref="BadInput"/>.</summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        error ??= Console.Error;
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var e in result.Errors)
            {
                error.WriteLine(e.Message);
            }

            error.WriteLine("Try --help.");
            return BadInput;
        }

        return result.Invoke();
    }
}
