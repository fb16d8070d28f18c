using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Documents;

namespace Chokepoint.Formats.Models;

/// <summary>The outcome of loading a model: the merged model (null when it could not be read at all) and every finding.</summary>
public sealed record LoadResult(StackModel? Model, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Model is null || Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Loads a model file (YAML, or JSON by its <c>.json</c> ending or a leading <c>{</c>), resolves
/// <c>include:</c> relative to the including file (rejecting missing files, cycles and files included
/// twice), merges the included libraries, and validates the result.
/// </summary>
public static partial class ModelLoader
{
    /// <summary>Files larger than this are refused before parsing.</summary>
    public const long MaxFileBytes = 1L * 1024 * 1024 * 1024;

    /// <summary>Loads <paramref name="path"/>; messages name the file as given.</summary>
    public static LoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var active = new List<string>();
        var model = LoadFile(path, DisplayName(path), diagnostics, loaded, active, includedFrom: null);
        if (model is null)
        {
            return new LoadResult(null, diagnostics);
        }

        diagnostics.AddRange(ModelValidator.Validate(model));
        return new LoadResult(model, diagnostics);
    }

    /// <summary>Reads a model from text, without includes (they need files): for tests and the server.</summary>
    public static LoadResult Parse(string text, string displayName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(displayName);
        var diagnostics = new List<Diagnostic>();
        var model = ParseDocument(text, displayName, diagnostics);
        if (model is null)
        {
            return new LoadResult(null, diagnostics);
        }

        if (model.Include.Count > 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.IncludeNotFound, displayName, model.Span?.PositionOf("include").Line ?? 0,
                model.Span?.PositionOf("include").Column ?? 0, "include", "this model includes other files, which cannot be read from here.",
                "Load it from a file, or merge the included components into it."));
        }

        diagnostics.AddRange(ModelValidator.Validate(model));
        return new LoadResult(model, diagnostics);
    }

    private static StackModel? LoadFile(string path, string display, List<Diagnostic> diagnostics, HashSet<string> loaded, List<string> active, (string File, SourcePosition At, int Index)? includedFrom)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                if (includedFrom is { } from)
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.IncludeNotFound, from.File, from.At.Line, from.At.Column, $"include[{from.Index}]",
                        $"included file '{display}' does not exist.", "Include paths are relative to the including file; correct the path."));
                }
                else
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.FileNotReadable, display, 0, 0, "", "the file does not exist.", "Check the path."));
                }

                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.FileNotReadable, display, 0, 0, "",
                    $"the file is {info.Length / (1024 * 1024)} MiB, above the {MaxFileBytes / (1024 * 1024)} MiB limit for a model.", "Split it into included libraries."));
                return null;
            }

            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.FileNotReadable, display, 0, 0, "", $"the file cannot be read: {e.Message}", "Check the path and its permissions."));
            return null;
        }

        loaded.Add(full);
        active.Add(full);
        try
        {
            var model = ParseDocument(text, display, diagnostics);
            if (model is null || model.Include.Count == 0)
            {
                return model;
            }

            var parts = new List<StackModel>();
            var baseDir = Path.GetDirectoryName(full)!;
            var displayDir = Path.GetDirectoryName(display) ?? "";
            var at = model.Span?.PositionOf("include") ?? new SourcePosition(0, 0);
            for (var i = 0; i < model.Include.Count; i++)
            {
                // ${NAME} in an include path is an environment variable: how a stack points at data kept outside the repository.
                if (ExpandVariables(model.Include[i]) is not { } include)
                {
                    var missing = VariablePattern().Match(model.Include[i]).Groups[1].Value;
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.IncludeNotFound, display, at.Line, at.Column, $"include[{i}]",
                        $"the include path uses the environment variable {missing}, which is not set.", $"Set {missing} to the file to include, e.g. export {missing}=/path/to/model.yaml."));
                    continue;
                }

                var includeFull = Path.GetFullPath(Path.Combine(baseDir, include));
                var includeDisplay = Normalize(Path.Combine(displayDir, include));
                if (active.Contains(includeFull))
                {
                    var cycle = active.SkipWhile(a => a != includeFull).Append(includeFull).Select(Path.GetFileName);
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.IncludeCycle, display, at.Line, at.Column, $"include[{i}]",
                        $"includes form a cycle: {string.Join(" → ", cycle)}.", "A library must not include the files that include it; remove one include."));
                    continue;
                }

                if (loaded.Contains(includeFull))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.IncludedTwice, display, at.Line, at.Column, $"include[{i}]",
                        $"'{includeDisplay}' is included twice, so its components would be defined twice.", "Include each library once, from one place."));
                    continue;
                }

                if (LoadFile(includeFull, includeDisplay, diagnostics, loaded, active, (display, at, i)) is { } part)
                {
                    parts.Add(part);
                }
            }

            // Upstream libraries first, then the including file: the merged model reads top-down like the stack.
            parts.Add(model);
            // An included library's tolerance belongs to its data (imported figures are rounded): the largest applies.
            var tolerance = parts.Any(p => p.ShareTolerance is not null) ? parts.Max(p => p.EffectiveShareTolerance) : (double?)null;
            return model with
            {
                ShareTolerance = tolerance,
                Include = [],
                Jurisdictions = parts.SelectMany(p => p.Jurisdictions).ToList(),
                Blocs = parts.SelectMany(p => p.Blocs).ToList(),
                Organizations = parts.SelectMany(p => p.Organizations).ToList(),
                Components = parts.SelectMany(p => p.Components).ToList(),
                // The including file's own targets first: its first target is the default one.
                Targets = model.Targets.Concat(parts.Where(p => !ReferenceEquals(p, model)).SelectMany(p => p.Targets)).ToList(),
                Scenarios = parts.SelectMany(p => p.Scenarios).ToList(),
                Controls = parts.SelectMany(p => p.Controls).ToList(),
            };
        }
        finally
        {
            active.RemoveAt(active.Count - 1);
        }
    }

    private static StackModel? ParseDocument(string text, string display, List<Diagnostic> diagnostics)
    {
        Node? root;
        var json = display.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');
        try
        {
            root = json ? JsonDocumentReader.Read(text) : YamlDocumentReader.Read(text);
        }
        catch (DocumentSyntaxException e)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.MalformedSyntax, display, e.Line, e.Column, "",
                (json ? "" : "malformed YAML: ") + e.Message,
                json ? "Check commas, quotes and brackets just before this point." : "Check indentation, colons and quotes on this line and the one before."));
            return null;
        }

        return ModelReader.Read(root, display, diagnostics);
    }

    private static string DisplayName(string path) => Normalize(path);

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial System.Text.RegularExpressions.Regex VariablePattern();

    /// <summary>The path with every ${NAME} replaced by its environment variable, or null when one is not set.</summary>
    private static string? ExpandVariables(string path)
    {
        var unset = false;
        var expanded = VariablePattern().Replace(path, m =>
        {
            var value = Environment.GetEnvironmentVariable(m.Groups[1].Value);
            unset |= string.IsNullOrEmpty(value);
            return value ?? "";
        });
        return unset ? null : expanded;
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(path).Replace('\\', '/').Replace("/./", "/", StringComparison.Ordinal);
}
