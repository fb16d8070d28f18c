using System.Text.Json.Nodes;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;

namespace Chokepoint.Operations;

/// <summary><c>validate</c>: every finding of a model, with where it is and what to do.</summary>
public static class ValidateOperation
{
    /// <summary>The findings of one model, named <paramref name="file"/>.</summary>
    public static JsonObject Json(string file, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["file"] = file,
            ["valid"] = !result.HasErrors,
            ["errors"] = result.Diagnostics.Count(d => d.Severity == Severity.Error),
            ["warnings"] = result.Diagnostics.Count(d => d.Severity == Severity.Warning),
            ["components"] = result.Model?.Components.Count,
            ["diagnostics"] = new JsonArray(result.Diagnostics.Select(AnalysisJson.Diagnostic).ToArray()),
        };
    }
}
