using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Commands;

namespace Chokepoint.Cli;

/// <summary>The <c>chokepoint</c> command line: parse, dispatch to a verb, map failures to exit codes.</summary>
internal static class CliApp
{
    /// <summary>The verbs, by name, each made only when asked for.</summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Verbs =
    [
        ("validate", ValidateCommand.Create),
        ("show", ShowCommand.Create),
        ("analyze", AnalyzeCommand.Create),
        ("chokepoints", ChokepointsCommand.Create),
        ("leverage", LeverageCommand.Create),
        ("compare", CompareCommand.Create),
        ("scenario", ScenarioCommand.Create),
        ("recover", RecoverCommand.Create),
        ("diff", DiffCommand.Create),
        ("optimize", OptimizeCommand.Create),
        ("export", ExportCommand.Create),
        ("report", ReportCommand.Create),
        ("serve", ServeCommand.Create),
        ("silo", SiloCommand.Create),
        ("fault-tree", FaultTreeCommand.Create),
        ("generate", GenerateCommand.Create),
        ("import", ImportCommand.Create),
        ("examples", ExamplesCommand.Create),
    ];

    /// <summary>
    /// The root command with every verb; with <paramref name="only"/> naming one (the first word of
    /// the command line), with that verb alone, so that a run does not build, and load the
    /// assemblies of, the other seventeen (the fault-tree path starts without ASP.NET or Orleans).
    /// Anything else (the root's help, a misspelt verb) gets every verb.
    /// </summary>
    public static RootCommand BuildRoot(CliContext context, string? only = null)
    {
        var root = new RootCommand("Chokepoint: who controls a technology stack, from silicon to user interface, and what that control is worth.");
        var single = Array.FindIndex(Verbs, v => v.Name == only);
        foreach (var (_, create) in single >= 0 ? [Verbs[single]] : Verbs)
        {
            root.Subcommands.Add(create(context));
        }

        root.Options.OfType<VersionOption>().Single().Action = new VersionAction(context);
        return root;
    }

    /// <summary>" import eto" for a subcommand: the names from the root down, each after a space; "" for the root.</summary>
    private static string VerbPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Add(r.Command.Name);
        }

        names.Reverse();
        return string.Concat(names.Select(n => " " + n));
    }

    public static int Run(string[] args, CliContext context)
    {
        var root = BuildRoot(context, args.Length > 0 ? args[0] : null);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Err.WriteLine($"error: {error.Message}");
            }

            context.Err.WriteLine($"Run 'chokepoint{VerbPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        var config = new InvocationConfiguration { Output = context.Out, Error = context.Err, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (CliInputException e)
        {
            context.Err.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Operations.RequestException e)
        {
            foreach (var d in e.Diagnostics)
            {
                context.Err.WriteLine(d.ToString());
            }

            context.Err.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Operations.UnitRunnerException e)
        {
            context.Err.WriteLine($"error: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (PerspectiveException e)
        {
            context.Err.WriteLine(e.Field is { } field ? $"error: {CliFields.SpellField(field)}: {e.Message}" : $"error: {e.Message}");
            context.Err.WriteLine($"    fix: {e.Fix}");
            return ExitCodes.InvalidInput;
        }
#pragma warning disable CA1031 // The last line of defence: a user sees one sentence, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            context.Err.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            context.Err.WriteLine("This is a bug in chokepoint; set CHOKEPOINT_DEBUG=1 to see the stack trace.");
            if (Environment.GetEnvironmentVariable("CHOKEPOINT_DEBUG") == "1")
            {
                context.Err.WriteLine(e.ToString());
            }

            return ExitCodes.InternalError;
        }
    }
}

/// <summary>
/// <c>chokepoint --version</c>: the version from the git tags (MinVer) and the commit it was built
/// from, which the SDK appends to the informational version after a '+'.
/// </summary>
internal sealed class VersionAction(CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        context.Out.WriteLine(Text(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion));
        return ExitCodes.Ok;
    }

    /// <summary>"0.1.0 (commit 0123abc...)" from an informational version "0.1.0+0123abc...".</summary>
    public static string Text(string? informationalVersion)
    {
        var parts = (informationalVersion ?? "0.0.0").Split('+', 2);
        return parts.Length == 2 && parts[1].Length > 0
            ? $"{parts[0]} (commit {parts[1]})"
            : $"{parts[0]} (commit unknown: built outside a git clone)";
    }
}

/// <summary>Bad input found by a verb: the message is shown as is and the exit code is 2.</summary>
internal sealed class CliInputException(string message) : Exception(message);
