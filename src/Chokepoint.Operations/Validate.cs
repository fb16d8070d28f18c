using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Operations;

/// <summary><c>validate</c>: every finding of a model, with where it is and what to do.</summary>
public static class ValidateOperation
{
    /// <summary>The findings of one model, named <paramref name="file"/>.</summary>
    public static ValidateDocument Json(string file, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ValidateDocument.From(file, result.Diagnostics, result.Model?.Components.Count);
    }

    /// <summary>The findings of several models, in the order named.</summary>
    public static ValidateListDocument Json(IEnumerable<(string File, LoadResult Result)> results) =>
        new(results.Select(r => Json(r.File, r.Result)).ToList());
}
