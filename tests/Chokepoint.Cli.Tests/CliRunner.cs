namespace Chokepoint.Cli.Tests;

/// <summary>Runs the <c>chokepoint</c> command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string All => Out + Err;
    }

    public static Result Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs with <paramref name="workingDirectory"/> as the current folder, so relative paths print as a user would type them.</summary>
    public static Result RunIn(string? workingDirectory, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code;
        lock (CurrentDirectoryLock)
        {
            var before = Environment.CurrentDirectory;
            try
            {
                if (workingDirectory is not null)
                {
                    Environment.CurrentDirectory = workingDirectory;
                }

                code = CliApp.Run(args, new CliContext(output, error, IsTerminal: false));
            }
            finally
            {
                Environment.CurrentDirectory = before;
            }
        }

        return new Result(code, output.ToString(), error.ToString());
    }

    // The current folder is process-wide; tests that change it take turns.
    private static readonly Lock CurrentDirectoryLock = new();
}
