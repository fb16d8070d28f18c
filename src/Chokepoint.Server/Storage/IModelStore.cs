namespace Chokepoint.Server.Storage;

/// <summary>A stored version of a model. <see cref="CreatedUtc"/> is when it was saved, in UTC.</summary>
public sealed record StoredModel(string Id, int Version, string? Name, string Text, DateTimeOffset CreatedUtc);

/// <summary>
/// Models with versions: every save is a new version, numbered 1, 2, ... per model without gaps,
/// however many saves run at once.
/// </summary>
public interface IModelStore
{
    /// <summary>Stores a new version of model <paramref name="id"/> in one transaction; returns its number.</summary>
    Task<int> SaveModelAsync(string id, string? name, string text, CancellationToken cancel = default);

    /// <summary>The latest version of every model, ordered by id, without their text (it is empty).</summary>
    Task<IReadOnlyList<StoredModel>> ListModelsAsync(CancellationToken cancel = default);

    /// <summary>A version of a model (the latest when <paramref name="version"/> is null), or null.</summary>
    Task<StoredModel?> GetModelAsync(string id, int? version = null, CancellationToken cancel = default);

    /// <summary>Deletes every version of a model and its runs; false when there was none.</summary>
    Task<bool> DeleteModelAsync(string id, CancellationToken cancel = default);

    /// <summary>True when no model is stored (the service then loads the examples).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancel = default);
}
