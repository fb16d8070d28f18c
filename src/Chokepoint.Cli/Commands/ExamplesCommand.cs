using System.CommandLine;
using System.Globalization;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint examples [list | copy DIR]</c>: the curated stacks that ship with the tool, for a
/// user without a clone: what they are, and a copy to edit and analyse.
/// </summary>
internal static class ExamplesCommand
{
    public static Command Create(CliContext context)
    {
        var json = JsonOption();
        var command = new Command("examples", "The curated example stacks shipped with chokepoint: list them (the default), or copy them, with the library they include, to a folder of yours.")
        {
            json,
        };
        command.SetAction(parse => List(parse.GetValue(json), context));
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(CopyCommand(context));
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Write the result as JSON." };

    private static Command ListCommand(CliContext context)
    {
        var json = JsonOption();
        var command = new Command("list", "List the shipped stacks: name, home, size and what each models.") { json };
        command.SetAction(parse => List(parse.GetValue(json), context));
        return command;
    }

    private static Command CopyCommand(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "The folder to copy them to (created when missing)." };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist there (by default nothing is copied if any would be overwritten)." };
        var json = JsonOption();
        var command = new Command("copy", "Copy the shipped stacks, with the library they include and the notes on their sources, to DIR.") { dir, force, json };
        command.SetAction(parse => Copy(parse.GetValue(dir)!, parse.GetValue(force), parse.GetValue(json), context));
        return command;
    }

    private static int List(bool asJson, CliContext context)
    {
        var stacks = ShippedExamples.Stacks().Select(Describe).ToList();
        if (asJson)
        {
            Json.Write(context.Out, new ExamplesDocument(ShippedExamples.Folder, stacks.Select(s => new ExamplesDocument.StackJson(s.Name, s.File, s.Title, s.Home, s.Components, s.Targets)).ToList()));
            return ExitCodes.Ok;
        }

        var nameWidth = stacks.Max(s => s.Name.Length);
        var homeWidth = stacks.Max(s => (s.Home ?? "-").Length);
        context.Out.WriteLine($"{stacks.Count} example stacks shipped with chokepoint (in {ShippedExamples.Folder}):");
        foreach (var s in stacks)
        {
            var size = s.Components is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n,3} components") : "does not load";
            context.Out.WriteLine($"  {s.Name.PadRight(nameWidth)}  {(s.Home ?? "-").PadRight(homeWidth)}  {size}  {s.Title}");
        }

        context.Out.WriteLine("Copy them to a folder of yours with: chokepoint examples copy DIR");
        return ExitCodes.Ok;
    }

    private static int Copy(string dir, bool force, bool asJson, CliContext context)
    {
        if (File.Exists(dir))
        {
            throw new CliInputException($"{dir} is a file, not a folder: name a folder to copy the examples to.");
        }

        var files = ShippedExamples.Files();
        var existing = files.Where(f => File.Exists(Path.Combine(dir, f))).ToList();
        if (existing.Count > 0 && !force)
        {
            var named = string.Join(", ", existing.Take(3).Select(f => Path.Combine(dir, f)));
            var more = existing.Count > 3 ? $" and {existing.Count - 3} more" : "";
            throw new CliInputException($"{named}{more} already exist{(existing.Count == 1 ? "s" : "")}; nothing was copied. Pass --force to overwrite, or copy to another folder.");
        }

        foreach (var f in files)
        {
            var to = Path.Combine(dir, f);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
                File.Copy(Path.Combine(ShippedExamples.Folder, f), to, overwrite: force);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliInputException($"cannot write {to}: {e.Message}");
            }
        }

        if (asJson)
        {
            Json.Write(context.Out, new ExamplesCopyDocument(dir, files, existing));
        }
        else
        {
            context.Out.WriteLine($"copied {files.Count} files to {dir}{(existing.Count > 0 ? $" ({existing.Count} overwritten)" : "")}: {string.Join(", ", files)}");
            var first = ShippedExamples.Stacks()[0];
            context.Out.WriteLine($"Try: chokepoint analyze {Path.Combine(dir, Path.GetFileName(first))}");
        }

        return ExitCodes.Ok;
    }

    private sealed record Stack(string Name, string File, string Title, string? Home, int? Components, IReadOnlyList<string> Targets);

    private static Stack Describe(string path)
    {
        var loaded = ModelLoader.Load(path);
        var file = Path.GetFileName(path);
        var name = Path.GetFileNameWithoutExtension(path);
        return loaded.HasErrors
            ? new Stack(name, file, $"{file} does not load: run chokepoint validate on it", null, null, [])
            : new Stack(name, file, loaded.Model!.Name ?? name, loaded.Model.Home, loaded.Model.Components.Count, [.. loaded.Model.Targets.Select(t => t.Id)]);
    }
}
