using System.Data.Common;
using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests.Storage;

/// <summary>
/// Databases as the stores before <see cref="Store"/> wrote them (schema versions 1 and 2, one
/// store class per database) open, migrate and read back without loss, on SQLite and PostgreSQL.
/// </summary>
public abstract class LegacySchemaTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A dialect over a fresh, empty database.</summary>
    protected abstract StoreDialect Fresh();

    /// <summary>The runs' id column as that database's old store declared it.</summary>
    protected abstract string OldRunIdColumn { get; }

    private string Version1 => $$$"""
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE models (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT, text TEXT NOT NULL, created_utc TEXT NOT NULL, PRIMARY KEY (id, version));
        CREATE TABLE runs (id {{{OldRunIdColumn}}}, model_id TEXT NOT NULL, model_version INTEGER NOT NULL, kind TEXT NOT NULL,
            parameters TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT, created_utc TEXT NOT NULL, finished_utc TEXT);
        INSERT INTO schema_version (version) VALUES (1);
        INSERT INTO models VALUES ('m', 1, 'M', 'text one', '2025-01-02T03:04:05.0000000+00:00'), ('m', 2, NULL, 'text two', '2025-01-02T03:04:06.5000000+00:00');
        INSERT INTO runs (model_id, model_version, kind, parameters, status, result, error, created_utc, finished_utc) VALUES
            ('m', 2, 'analyze', '{"max_order": 3}', 'done', '{"a": 1}', NULL, '2025-01-02T03:05:00.0000000+00:00', '2025-01-02T03:05:01.1234567+00:00'),
            ('m', 2, 'scenario-samples', '{}', 'failed', '{"samples": {}}', 'cancelled: the result holds what was done before the cancellation', '2025-01-02T03:06:00.0000000+00:00', '2025-01-02T03:07:00.0000000+00:00'),
            ('m', 1, 'leverage', '{}', 'running', NULL, NULL, '2025-01-02T03:08:00.0000000+00:00', NULL);
        """;

    private static string Version2 => $"""
        CREATE TABLE api_keys (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, created_utc TEXT NOT NULL);
        INSERT INTO schema_version (version) VALUES (2);
        INSERT INTO api_keys VALUES ('old', '{ApiKeys.Hash("legacy-key")}', '2025-01-02T03:04:05.0000000+00:00');
        """;

    private static async Task<List<object>> Execute(StoreDialect dialect, string sql, bool read = false)
    {
        await using var c = await dialect.OpenAsync(Cancel);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var rows = new List<object>();
        if (!read)
        {
            await cmd.ExecuteNonQueryAsync(Cancel);
            return rows;
        }

        await using DbDataReader r = await cmd.ExecuteReaderAsync(Cancel);
        while (await r.ReadAsync(Cancel))
        {
            rows.Add(r.GetValue(0));
        }

        return rows;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_database_of_an_older_schema_opens_migrates_and_keeps_every_row(int version)
    {
        var dialect = Fresh();
        await Execute(dialect, version == 1 ? Version1 : Version1 + Version2);

        var store = await Store.OpenAsync(dialect, cancel: Cancel);
        Assert.Equal([1L, 2L, 3L, 4L], (await Execute(dialect, "SELECT version FROM schema_version ORDER BY version;", read: true)).Select(Convert.ToInt64));
        // The model list comes from the heads the migration made of the stored versions.
        Assert.Equal([("m", 2)], (await store.ListModelsAsync(Cancel)).Select(m => (m.Id, m.Version)));

        var first = (await store.GetModelAsync("m", 1, Cancel))!;
        var latest = (await store.GetModelAsync("m", cancel: Cancel))!;
        Assert.Equal(("M", "text one", 2, (string?)null, "text two"), (first.Name, first.Text, latest.Version, latest.Name, latest.Text));
        // The times the API writes are the stored text, to the byte.
        Assert.Equal("2025-01-02T03:04:05.0000000+00:00", UtcText.Format(first.CreatedUtc));
        Assert.Equal("2025-01-02T03:04:06.5000000+00:00", UtcText.Format(latest.CreatedUtc));

        var runs = await store.ListRunsAsync("m", Cancel);
        Assert.Equal([RunStatus.Done, RunStatus.Failed, RunStatus.Running], runs.Select(r => r.Status));
        var done = (await store.GetRunAsync(runs[0].Id, Cancel))!;
        Assert.Equal(("""{"max_order": 3}""", """{"a": 1}""", "2025-01-02T03:05:01.1234567+00:00"), (done.Parameters, done.Result, UtcText.Format(done.FinishedUtc)));
        Assert.StartsWith("cancelled", runs[1].Error, StringComparison.Ordinal);
        Assert.Equal(1, await store.FailInterruptedRunsAsync(cancel: Cancel));

        // The migrated store goes on from where the old one stopped.
        Assert.Equal(3, await store.SaveModelAsync("m", "M", "text three", Cancel));
        Assert.Equal([("m", 3)], (await store.ListModelsAsync(Cancel)).Select(m => (m.Id, m.Version)));
        Assert.True(await store.StartRunAsync("m", 3, "analyze", "{}", Cancel) > runs[^1].Id);
        Assert.Equal(version == 2, await store.IsKnownKeyAsync("legacy-key", Cancel));
        Assert.Equal(version == 2, await store.HasKeysAsync(Cancel));
        Assert.True(await store.IsKnownKeyAsync(await store.AddKeyAsync("new", Cancel), Cancel));

        // Opening again migrates nothing more.
        await Store.OpenAsync(dialect, cancel: Cancel);
        Assert.Equal(4, (await Execute(dialect, "SELECT version FROM schema_version;", read: true)).Count);
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused()
    {
        var dialect = Fresh();
        await Execute(dialect, "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (5);");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.OpenAsync(dialect, cancel: Cancel));
        Assert.Contains("version 5, newer than this program's 4", e.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteLegacySchemaTests : LegacySchemaTests
{
    protected override StoreDialect Fresh() => new SqliteDialect(Path.Combine(Chokepoint.Testing.TempFolders.Create("chokepoint-legacy-").FullName, "store.db"));

    protected override string OldRunIdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
}

/// <summary>On the PostgreSQL that test.sh starts, one schema per test; skipped without it (failing under CI=true).</summary>
public sealed class PostgresLegacySchemaTests : LegacySchemaTests
{
    protected override StoreDialect Fresh() => new PostgresDialect(TestPostgres.ConnectionFor(Chokepoint.Testing.TempFolders.Create("chokepoint-legacy-").FullName, "l"));

    protected override string OldRunIdColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
}
