namespace Chokepoint.Server.Storage;

/// <summary>
/// Where the service keeps models (with versions), runs and API keys: SQLite by default
/// (<see cref="ModelStore"/>), PostgreSQL when configured (<see cref="PostgresModelStore"/>).
/// Every write is one transaction; a run is written as "running" first and completed in one write.
/// </summary>
public interface IModelStore
{
    int FailInterruptedRuns();

    bool IsEmpty();

    int SaveModel(string id, string? name, string text);

    IReadOnlyList<StoredModel> ListModels();

    StoredModel? GetModel(string id, int? version = null);

    bool DeleteModel(string id);

    long StartRun(string modelId, int version, string kind, string parameters);

    void FinishRun(long id, string? result, string? error);

    IReadOnlyList<StoredRun> ListRuns(string? modelId);

    StoredRun? GetRun(long id);

    string AddKey(string name);

    bool IsKnownKey(string key);

    bool HasKeys();
}
