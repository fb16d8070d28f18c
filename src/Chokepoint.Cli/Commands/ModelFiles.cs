using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;

namespace Chokepoint.Cli.Commands;

/// <summary>Loading a model for a verb: print its findings, and stop with exit code 2 when it has errors.</summary>
internal static class ModelFiles
{
    /// <summary>Loads <paramref name="path"/>; warnings go to stderr, errors end the verb.</summary>
    public static StackModel LoadOrFail(string path, CliContext context)
    {
        var result = ModelLoader.Load(path);
        foreach (var d in result.Diagnostics)
        {
            context.Err.WriteLine(d.ToString());
        }

        if (result.HasErrors)
        {
            var errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
            throw new CliInputException($"{path}: {errors} error{(errors == 1 ? "" : "s")}; nothing was analysed. Run 'chokepoint validate {path}' after fixing them.");
        }

        return result.Model!;
    }
}
