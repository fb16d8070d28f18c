using System.Data.Common;
using System.Globalization;

namespace Chokepoint.Server.Storage;

/// <summary>
/// The store in a relational database through ADO.NET, over a <see cref="StoreDialect"/> for SQLite
/// or PostgreSQL: one schema, migrated at open; every write one transaction; versions numbered per
/// model without gaps; a run written as running first and finished in one write; keys hashed.
/// Statuses and times are stored as text (<see cref="RunStatusText"/>, <see cref="UtcText"/>), as
/// schema versions 1 and 2 always have.
/// </summary>
public sealed class Store : IStore, IDisposable
{
    /// <summary>The schema this program writes; an older one is migrated at open, a newer one refused.</summary>
    public const int SchemaVersion = 4;

    private readonly StoreDialect _dialect;
    private readonly TimeProvider _clock;

    public string Owner { get; } = RunOwners.New();

    private Store(StoreDialect dialect, TimeProvider clock)
    {
        _dialect = dialect;
        _clock = clock;
    }

    /// <summary>Opens the store, creating or migrating its schema.</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than <see cref="SchemaVersion"/>.</exception>
    public static async Task<Store> OpenAsync(StoreDialect dialect, TimeProvider? clock = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var store = new Store(dialect, clock ?? TimeProvider.System);
        await store.MigrateAsync(cancel);
        return store;
    }

    /// <summary>The store the options name: PostgreSQL when they have a connection string, else the SQLite file.</summary>
    public static Task<Store> OpenAsync(ServerOptions options, TimeProvider? clock = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OpenAsync(options.PostgresConnectionString is { } pg ? new PostgresDialect(pg) : new SqliteDialect(options.DatabasePath), clock, cancel);
    }

    /// <summary>Schema version n is made by step n - 1; a step never changes once shipped.</summary>
    private string[] Migrations() =>
    [
        $"""
        CREATE TABLE models (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT, text TEXT NOT NULL, created_utc TEXT NOT NULL, PRIMARY KEY (id, version));
        CREATE TABLE runs (id {_dialect.IdentityColumn}, model_id TEXT NOT NULL, model_version INTEGER NOT NULL, kind TEXT NOT NULL,
            parameters TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT, created_utc TEXT NOT NULL, finished_utc TEXT);
        """,
        // API keys, stored as SHA-256 hashes only.
        "CREATE TABLE api_keys (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, created_utc TEXT NOT NULL);",
        // Each model's latest version, kept by every save: listing the models reads one row per model,
        // not every stored version (a grouped scan whose cost grew with each save in the soak run).
        """
        CREATE TABLE model_heads (id TEXT PRIMARY KEY, version INTEGER NOT NULL);
        INSERT INTO model_heads (id, version) SELECT id, MAX(version) FROM models GROUP BY id;
        """,
        // Who holds each running run (several services may share one store), its beats, its progress
        // and a request to stop it from another service; the row goes when the run finishes.
        """
        CREATE TABLE run_leases (run_id BIGINT PRIMARY KEY, owner TEXT NOT NULL, heartbeat_utc TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, stage TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0);
        """,
    ];

    private async Task MigrateAsync(CancellationToken cancel)
    {
        await using var c = await _dialect.OpenAsync(cancel);
        if (_dialect.BeforeMigration is { } before)
        {
            await ExecuteAsync(c, null, before, cancel);
        }

        await using var tx = await c.BeginTransactionAsync(cancel);
        if (_dialect.MigrationLock is { } migrationLock)
        {
            await ExecuteAsync(c, tx, migrationLock, cancel);
        }

        await ExecuteAsync(c, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancel);
        var current = Convert.ToInt32(await ScalarAsync(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancel), CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the database schema is version {current}, newer than this program's {SchemaVersion}.");
        }

        var steps = Migrations();
        for (var version = current + 1; version <= SchemaVersion; version++)
        {
            await ExecuteAsync(c, tx, steps[version - 1], cancel);
            await ExecuteAsync(c, tx, "INSERT INTO schema_version (version) VALUES (@v);", cancel, ("@v", version));
        }

        await tx.CommitAsync(cancel);
    }

    public Task<int> SaveModelAsync(string id, string? name, string text, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(async (c, tx) =>
        {
            if (_dialect.VersionLock is { } versionLock)
            {
                await ExecuteAsync(c, tx, versionLock, cancel, ("@id", id));
            }

            var version = Convert.ToInt32(await ScalarAsync(c, tx,
                "INSERT INTO models (id, version, name, text, created_utc) SELECT @id, COALESCE(MAX(version), 0) + 1, @name, @text, @now FROM models WHERE id = @id RETURNING version;",
                cancel, ("@id", id), ("@name", name), ("@text", text), ("@now", Now())), CultureInfo.InvariantCulture);
            await ExecuteAsync(c, tx, "INSERT INTO model_heads (id, version) VALUES (@id, @v) ON CONFLICT (id) DO UPDATE SET version = excluded.version;", cancel, ("@id", id), ("@v", version));
            return version;
        }, cancel);
    }

    public async Task<IReadOnlyList<StoredModel>> ListModelsAsync(CancellationToken cancel = default) => await ReadAsync(
        "SELECT m.id, m.version, m.name, '', m.created_utc FROM model_heads h JOIN models m ON m.id = h.id AND m.version = h.version ORDER BY h.id;", Model, cancel);

    public async Task<StoredModel?> GetModelAsync(string id, int? version = null, CancellationToken cancel = default) => (version is { } v
        ? await ReadAsync("SELECT id, version, name, text, created_utc FROM models WHERE id = @id AND version = @v;", Model, cancel, ("@id", id), ("@v", v))
        : await ReadAsync("SELECT id, version, name, text, created_utc FROM models WHERE id = @id ORDER BY version DESC LIMIT 1;", Model, cancel, ("@id", id))).FirstOrDefault();

    public Task<bool> DeleteModelAsync(string id, CancellationToken cancel = default) => WriteAsync(async (c, tx) =>
    {
        await ExecuteAsync(c, tx, "DELETE FROM run_leases WHERE run_id IN (SELECT id FROM runs WHERE model_id = @id);", cancel, ("@id", id));
        await ExecuteAsync(c, tx, "DELETE FROM runs WHERE model_id = @id;", cancel, ("@id", id));
        await ExecuteAsync(c, tx, "DELETE FROM model_heads WHERE id = @id;", cancel, ("@id", id));
        return await ExecuteAsync(c, tx, "DELETE FROM models WHERE id = @id;", cancel, ("@id", id)) > 0;
    }, cancel);

    public async Task<bool> IsEmptyAsync(CancellationToken cancel = default) => await CountAsync("SELECT COUNT(*) FROM models;", cancel) == 0;

    public Task<long> StartRunAsync(string modelId, int version, string kind, string parameters, CancellationToken cancel = default) => WriteAsync(async (c, tx) =>
    {
        var now = Now();
        var id = Convert.ToInt64(await ScalarAsync(c, tx,
            "INSERT INTO runs (model_id, model_version, kind, parameters, status, created_utc) VALUES (@m, @v, @k, @p, @s, @now) RETURNING id;",
            cancel, ("@m", modelId), ("@v", version), ("@k", kind), ("@p", parameters), ("@s", RunStatus.Running.Text()), ("@now", now)), CultureInfo.InvariantCulture);
        await ExecuteAsync(c, tx, "INSERT INTO run_leases (run_id, owner, heartbeat_utc) VALUES (@id, @o, @now);", cancel, ("@id", id), ("@o", Owner), ("@now", now));
        return id;
    }, cancel);

    public Task FinishRunAsync(long id, RunStatus status, string? result, string? error, CancellationToken cancel = default)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a run finishes done, failed or cancelled.");
        }

        return WriteAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM run_leases WHERE run_id = @id;", cancel, ("@id", id));
            return await ExecuteAsync(c, tx, "UPDATE runs SET status = @s, result = @r, error = @e, finished_utc = @now WHERE id = @id;",
                cancel, ("@s", status.Text()), ("@r", result), ("@e", error), ("@now", Now()), ("@id", id));
        }, cancel);
    }

    public async Task<IReadOnlyList<StoredRun>> ListRunsAsync(string? modelId, CancellationToken cancel = default) => modelId is null
        ? await ReadAsync("SELECT id, model_id, model_version, kind, parameters, status, NULL, error, created_utc, finished_utc FROM runs ORDER BY id;", Run, cancel)
        : await ReadAsync("SELECT id, model_id, model_version, kind, parameters, status, NULL, error, created_utc, finished_utc FROM runs WHERE model_id = @m ORDER BY id;", Run, cancel, ("@m", modelId));

    public async Task<StoredRun?> GetRunAsync(long id, CancellationToken cancel = default) =>
        (await ReadAsync("SELECT id, model_id, model_version, kind, parameters, status, result, error, created_utc, finished_utc FROM runs WHERE id = @id;", Run, cancel, ("@id", id))).FirstOrDefault();

    public async Task<int> FailInterruptedRunsAsync(bool keepOwn = false, CancellationToken cancel = default)
    {
        // Read first, outside the writer's turn: a sweep that finds every run held writes nothing.
        var running = await ReadAsync("SELECT r.id, l.owner, l.heartbeat_utc FROM runs r LEFT JOIN run_leases l ON l.run_id = r.id WHERE r.status = @running;",
            r => (Id: r.GetInt64(0), Owner: Text(r, 1), Heartbeat: Text(r, 2)), cancel, ("@running", RunStatus.Running.Text()));
        var now = _clock.GetUtcNow();
        var left = running.Where(r => r.Owner is not { } owner || r.Heartbeat is not { } beat
            ? true
            : owner == Owner ? !keepOwn : !RunOwners.IsAlive(owner, Owner, UtcText.Parse(beat), now)).Select(r => r.Id).ToList();
        if (left.Count == 0)
        {
            return 0;
        }

        return await WriteAsync(async (c, tx) =>
        {
            var failed = 0;
            foreach (var id in left)
            {
                await ExecuteAsync(c, tx, "DELETE FROM run_leases WHERE run_id = @id;", cancel, ("@id", id));
                failed += await ExecuteAsync(c, tx, "UPDATE runs SET status = @failed, error = @e, finished_utc = @now WHERE id = @id AND status = @running;",
                    cancel, ("@failed", RunStatus.Failed.Text()), ("@e", IRunStore.InterruptedError), ("@now", Now()), ("@running", RunStatus.Running.Text()), ("@id", id));
            }

            return failed;
        }, cancel);
    }

    public Task<IReadOnlyList<long>> BeatAsync(IReadOnlyList<(long Id, int Done, int Total, string? Stage)> progress, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return WriteAsync<IReadOnlyList<long>>(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "UPDATE run_leases SET heartbeat_utc = @now WHERE owner = @o;", cancel, ("@now", Now()), ("@o", Owner));
            foreach (var (id, done, total, stage) in progress)
            {
                await ExecuteAsync(c, tx, "UPDATE run_leases SET done = @d, total = @t, stage = @s WHERE run_id = @id AND owner = @o;",
                    cancel, ("@d", done), ("@t", total), ("@s", stage), ("@id", id), ("@o", Owner));
            }

            await using var cmd = Command(c, tx, "SELECT run_id FROM run_leases WHERE owner = @o AND cancel_requested = 1 ORDER BY run_id;", [("@o", Owner)]);
            await using var r = await cmd.ExecuteReaderAsync(cancel);
            var stop = new List<long>();
            while (await r.ReadAsync(cancel))
            {
                stop.Add(r.GetInt64(0));
            }

            return stop;
        }, cancel);
    }

    public async Task<RunLease?> GetLeaseAsync(long id, CancellationToken cancel = default) =>
        (await ReadAsync("SELECT run_id, owner, heartbeat_utc, done, total, stage, cancel_requested FROM run_leases WHERE run_id = @id;",
            r => new RunLease(r.GetInt64(0), r.GetString(1), UtcText.Parse(r.GetString(2)), r.GetInt32(3), r.GetInt32(4), Text(r, 5), r.GetInt32(6) != 0), cancel, ("@id", id))).FirstOrDefault();

    public Task<bool> RequestCancelAsync(long id, CancellationToken cancel = default) => WriteAsync(async (c, tx) =>
        await ExecuteAsync(c, tx, "UPDATE run_leases SET cancel_requested = 1 WHERE run_id = @id;", cancel, ("@id", id)) > 0, cancel);

    public async Task<string> AddKeyAsync(string name, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = ApiKeys.New();
        await WriteAsync((c, tx) => ExecuteAsync(c, tx,
            "INSERT INTO api_keys (name, sha256, created_utc) VALUES (@n, @h, @now) ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, created_utc = excluded.created_utc;",
            cancel, ("@n", name), ("@h", ApiKeys.Hash(key)), ("@now", Now())), cancel);
        return key;
    }

    public async Task<bool> IsKnownKeyAsync(string key, CancellationToken cancel = default) =>
        await CountAsync("SELECT COUNT(*) FROM api_keys WHERE sha256 = @h;", cancel, ("@h", ApiKeys.Hash(key))) > 0;

    public async Task<bool> HasKeysAsync(CancellationToken cancel = default) => await CountAsync("SELECT COUNT(*) FROM api_keys;", cancel) > 0;

    private string Now() => UtcText.Format(_clock.GetUtcNow());

    private static StoredModel Model(DbDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), Text(r, 2), r.GetString(3), UtcText.Parse(r.GetString(4)));

    private static StoredRun Run(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), RunStatusText.Parse(r.GetString(5)),
            Text(r, 6), Text(r, 7), UtcText.Parse(r.GetString(8)), Text(r, 9) is { } finished ? UtcText.Parse(finished) : null);

    private static string? Text(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    /// <summary>Runs <paramref name="work"/> in one transaction on its own connection and commits it.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancel)
    {
        var gate = _dialect.WriterGate;
        if (gate is not null)
        {
            await gate.WaitAsync(cancel);
        }

        try
        {
            await using var c = await _dialect.OpenAsync(cancel);
            await using var tx = await c.BeginTransactionAsync(cancel);
            var value = await work(c, tx);
            await tx.CommitAsync(cancel);
            return value;
        }
        finally
        {
            gate?.Release();
        }
    }

    private async Task<List<T>> ReadAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var c = await _dialect.OpenAsync(cancel);
        await using var cmd = Command(c, null, sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(cancel);
        var rows = new List<T>();
        while (await r.ReadAsync(cancel))
        {
            rows.Add(map(r));
        }

        return rows;
    }

    private async Task<long> CountAsync(string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters) =>
        (await ReadAsync(sql, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancel, parameters))[0];

    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    private static async Task<int> ExecuteAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(cancel);
    }

    private static async Task<object?> ScalarAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken cancel, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(c, tx, sql, parameters);
        return await cmd.ExecuteScalarAsync(cancel);
    }

    /// <summary>Closes the dialect's connections (PostgreSQL's pool).</summary>
    public void Dispose() => _dialect.Dispose();
}
