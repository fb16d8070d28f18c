using Spectre.Console;

namespace Chokepoint.Cli;

/// <summary>Where a verb writes, and whether a person is watching (tables and colour) or a pipe (plain text).</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Err, bool IsTerminal)
{
    /// <summary>Cancelled by the first Ctrl-C, so long work can stop cleanly with what it has.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>A Spectre console over <see cref="Out"/>; colour and width only when it is a terminal.</summary>
    public IAnsiConsole Console()
    {
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }
}

/// <summary>Process exit codes, the same for every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something went wrong that is not the user's input: a bug to report.</summary>
    public const int InternalError = 1;

    /// <summary>The input (a file, an argument, an id) is invalid; the message says where and what to do.</summary>
    public const int InvalidInput = 2;

    /// <summary><c>fault-tree</c>: the exact analysis exceeded its memory budget; bounds are printed instead.</summary>
    public const int BudgetExceeded = 3;

    /// <summary>A service the verb was told to use (a cluster of silos, a membership database) cannot be reached or could not finish the work; the message says what to do.</summary>
    public const int Unavailable = 4;
}
