using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Chokepoint.Server.Storage;

/// <summary>A stored version of a model.</summary>
public sealed record StoredModel(string Id, int Version, string? Name, string Text, string CreatedUtc);

/// <summary>A stored analysis run: its inputs, and its result or error once finished.</summary>
public sealed record StoredRun(long Id, string ModelId, int ModelVersion, string Kind, string Parameters, string Status, string? Result, string? Error, string CreatedUtc, string? FinishedUtc);

/// <summary>
/// Models with versions and analysis runs in one SQLite file: WAL mode, every write in a
/// transaction, the schema migrated at start. A run is written as "running" before it starts and
/// completed in one transaction, so a process killed midway leaves a run that the next start marks
/// failed, never a half-written one.
/// </summary>
public sealed class ModelStore : IModelStore
{
    private const int SchemaVersion = 2;
    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    public ModelStore(string path, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _clock = clock ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        Migrate();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
        return c;
    }

    private void Migrate()
    {
        using var c = Open();
        Execute(c, "PRAGMA journal_mode = WAL;");
        using var tx = c.BeginTransaction();
        Execute(c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", tx);
        var current = Convert.ToInt32(Scalar(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", tx), CultureInfo.InvariantCulture);
        if (current < 1)
        {
            Execute(c, """
                CREATE TABLE models (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT, text TEXT NOT NULL, created_utc TEXT NOT NULL, PRIMARY KEY (id, version));
                CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, model_id TEXT NOT NULL, model_version INTEGER NOT NULL, kind TEXT NOT NULL,
                    parameters TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT, created_utc TEXT NOT NULL, finished_utc TEXT);
                INSERT INTO schema_version (version) VALUES (1);
                """, tx);
        }

        if (current < 2)
        {
            // Version 2: API keys, stored as SHA-256 hashes only.
            Execute(c, """
                CREATE TABLE api_keys (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, created_utc TEXT NOT NULL);
                INSERT INTO schema_version (version) VALUES (2);
                """, tx);
        }

        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the database schema is version {current}, newer than this program's {SchemaVersion}.");
        }

        tx.Commit();
    }

    /// <summary>Creates an API key named <paramref name="name"/> (replacing one of that name) and returns it; only its hash is stored.</summary>
    public string AddKey(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, "INSERT OR REPLACE INTO api_keys (name, sha256, created_utc) VALUES ($n, $h, $now);", tx, ("$n", name), ("$h", Hash(key)), ("$now", Now()));
        tx.Commit();
        return key;
    }

    /// <summary>True when <paramref name="key"/> is one of the stored keys.</summary>
    public bool IsKnownKey(string key)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM api_keys WHERE sha256 = $h;";
        cmd.Parameters.AddWithValue("$h", Hash(key));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    public bool HasKeys()
    {
        using var c = Open();
        return Convert.ToInt64(Scalar(c, "SELECT COUNT(*) FROM api_keys;"), CultureInfo.InvariantCulture) > 0;
    }

    private static string Hash(string key) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>Runs left "running" by a process that stopped are marked failed; returns how many.</summary>
    public int FailInterruptedRuns()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE runs SET status = 'failed', error = 'interrupted: the server stopped before the run finished', finished_utc = $now WHERE status = 'running';";
        cmd.Parameters.AddWithValue("$now", Now());
        return cmd.ExecuteNonQuery();
    }

    public bool IsEmpty()
    {
        using var c = Open();
        return Convert.ToInt64(Scalar(c, "SELECT COUNT(*) FROM models;"), CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>Stores a new version of model <paramref name="id"/>; returns its number.</summary>
    public int SaveModel(string id, string? name, string text)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO models (id, version, name, text, created_utc) SELECT $id, COALESCE(MAX(version), 0) + 1, $name, $text, $now FROM models WHERE id = $id RETURNING version;";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$text", text);
        cmd.Parameters.AddWithValue("$now", Now());
        var version = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        tx.Commit();
        return version;
    }

    public IReadOnlyList<StoredModel> ListModels()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT m.id, m.version, m.name, '', m.created_utc FROM models m WHERE m.version = (SELECT MAX(version) FROM models WHERE id = m.id) ORDER BY m.id;";
        return ReadModels(cmd);
    }

    /// <summary>A version of a model (the latest when <paramref name="version"/> is null), or null.</summary>
    public StoredModel? GetModel(string id, int? version = null)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = version is null
            ? "SELECT id, version, name, text, created_utc FROM models WHERE id = $id ORDER BY version DESC LIMIT 1;"
            : "SELECT id, version, name, text, created_utc FROM models WHERE id = $id AND version = $v;";
        cmd.Parameters.AddWithValue("$id", id);
        if (version is { } v)
        {
            cmd.Parameters.AddWithValue("$v", v);
        }

        return ReadModels(cmd).FirstOrDefault();
    }

    /// <summary>Deletes every version of a model and its runs; false when there was none.</summary>
    public bool DeleteModel(string id)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, "DELETE FROM runs WHERE model_id = $id;", tx, ("$id", id));
        var n = Execute(c, "DELETE FROM models WHERE id = $id;", tx, ("$id", id));
        tx.Commit();
        return n > 0;
    }

    public long StartRun(string modelId, int version, string kind, string parameters)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO runs (model_id, model_version, kind, parameters, status, created_utc) VALUES ($m, $v, $k, $p, 'running', $now) RETURNING id;";
        cmd.Parameters.AddWithValue("$m", modelId);
        cmd.Parameters.AddWithValue("$v", version);
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$p", parameters);
        cmd.Parameters.AddWithValue("$now", Now());
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void FinishRun(long id, string? result, string? error)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        Execute(c, "UPDATE runs SET status = $s, result = $r, error = $e, finished_utc = $now WHERE id = $id;", tx,
            ("$s", error is null ? "done" : "failed"), ("$r", (object?)result ?? DBNull.Value), ("$e", (object?)error ?? DBNull.Value), ("$now", Now()), ("$id", id));
        tx.Commit();
    }

    public IReadOnlyList<StoredRun> ListRuns(string? modelId)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, model_id, model_version, kind, parameters, status, NULL, error, created_utc, finished_utc FROM runs" +
            (modelId is null ? "" : " WHERE model_id = $m") + " ORDER BY id;";
        if (modelId is not null)
        {
            cmd.Parameters.AddWithValue("$m", modelId);
        }

        return ReadRuns(cmd);
    }

    public StoredRun? GetRun(long id)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, model_id, model_version, kind, parameters, status, result, error, created_utc, finished_utc FROM runs WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        return ReadRuns(cmd).FirstOrDefault();
    }

    private string Now() => _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static List<StoredModel> ReadModels(SqliteCommand cmd)
    {
        var list = new List<StoredModel>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new StoredModel(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }

    private static List<StoredRun> ReadRuns(SqliteCommand cmd)
    {
        var list = new List<StoredRun>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new StoredRun(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)));
        }

        return list;
    }

    private static int Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
