using System.Globalization;
using Npgsql;

namespace Chokepoint.Server.Storage;

/// <summary>
/// The store in PostgreSQL: the same tables and rules as the SQLite store (every write one
/// transaction, versions numbered under a per-model lock, runs completed in one write, keys hashed).
/// </summary>
public sealed class PostgresModelStore : IModelStore
{
    private const int SchemaVersion = 2;
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _clock;

    public PostgresModelStore(string connectionString, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _clock = clock ?? TimeProvider.System;
        _source = NpgsqlDataSource.Create(connectionString);
        Migrate();
    }

    private void Migrate()
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        // One migrator at a time, whatever else connects.
        Execute(c, tx, "SELECT pg_advisory_xact_lock(7210001);");
        Execute(c, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        var current = Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version;"), CultureInfo.InvariantCulture);
        if (current < 1)
        {
            Execute(c, tx, """
                CREATE TABLE models (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT, text TEXT NOT NULL, created_utc TEXT NOT NULL, PRIMARY KEY (id, version));
                CREATE TABLE runs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, model_id TEXT NOT NULL, model_version INTEGER NOT NULL, kind TEXT NOT NULL,
                    parameters TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT, created_utc TEXT NOT NULL, finished_utc TEXT);
                INSERT INTO schema_version (version) VALUES (1);
                """);
        }

        if (current < 2)
        {
            Execute(c, tx, """
                CREATE TABLE api_keys (name TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, created_utc TEXT NOT NULL);
                INSERT INTO schema_version (version) VALUES (2);
                """);
        }

        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"the database schema is version {current}, newer than this program's {SchemaVersion}.");
        }

        tx.Commit();
    }

    public int FailInterruptedRuns() => Write("UPDATE runs SET status = 'failed', error = 'interrupted: the server stopped before the run finished', finished_utc = @now WHERE status = 'running';", ("now", Now()));

    public bool IsEmpty() => Convert.ToInt64(Read("SELECT COUNT(*) FROM models;"), CultureInfo.InvariantCulture) == 0;

    public int SaveModel(string id, string? name, string text)
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        Execute(c, tx, "SELECT pg_advisory_xact_lock(hashtext(@id));", ("id", id));
        var version = Convert.ToInt32(Scalar(c, tx,
            "INSERT INTO models (id, version, name, text, created_utc) SELECT @id, COALESCE(MAX(version), 0) + 1, @name, @text, @now FROM models WHERE id = @id RETURNING version;",
            ("id", id), ("name", (object?)name ?? DBNull.Value), ("text", text), ("now", Now())), CultureInfo.InvariantCulture);
        tx.Commit();
        return version;
    }

    public IReadOnlyList<StoredModel> ListModels() =>
        Models("SELECT m.id, m.version, m.name, '', m.created_utc FROM models m WHERE m.version = (SELECT MAX(version) FROM models WHERE id = m.id) ORDER BY m.id;");

    public StoredModel? GetModel(string id, int? version = null) => version is { } v
        ? Models("SELECT id, version, name, text, created_utc FROM models WHERE id = @id AND version = @v;", ("id", id), ("v", v)).FirstOrDefault()
        : Models("SELECT id, version, name, text, created_utc FROM models WHERE id = @id ORDER BY version DESC LIMIT 1;", ("id", id)).FirstOrDefault();

    public bool DeleteModel(string id)
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        Execute(c, tx, "DELETE FROM runs WHERE model_id = @id;", ("id", id));
        var n = Execute(c, tx, "DELETE FROM models WHERE id = @id;", ("id", id));
        tx.Commit();
        return n > 0;
    }

    public long StartRun(string modelId, int version, string kind, string parameters) => Convert.ToInt64(Read(
        "INSERT INTO runs (model_id, model_version, kind, parameters, status, created_utc) VALUES (@m, @v, @k, @p, 'running', @now) RETURNING id;",
        ("m", modelId), ("v", version), ("k", kind), ("p", parameters), ("now", Now())), CultureInfo.InvariantCulture);

    public void FinishRun(long id, string? result, string? error) => Write(
        "UPDATE runs SET status = @s, result = @r, error = @e, finished_utc = @now WHERE id = @id;",
        ("s", error is null ? "done" : "failed"), ("r", (object?)result ?? DBNull.Value), ("e", (object?)error ?? DBNull.Value), ("now", Now()), ("id", id));

    public IReadOnlyList<StoredRun> ListRuns(string? modelId) => modelId is null
        ? Runs("SELECT id, model_id, model_version, kind, parameters, status, NULL, error, created_utc, finished_utc FROM runs ORDER BY id;")
        : Runs("SELECT id, model_id, model_version, kind, parameters, status, NULL, error, created_utc, finished_utc FROM runs WHERE model_id = @m ORDER BY id;", ("m", modelId));

    public StoredRun? GetRun(long id) =>
        Runs("SELECT id, model_id, model_version, kind, parameters, status, result, error, created_utc, finished_utc FROM runs WHERE id = @id;", ("id", id)).FirstOrDefault();

    public string AddKey(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        Write("INSERT INTO api_keys (name, sha256, created_utc) VALUES (@n, @h, @now) ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, created_utc = EXCLUDED.created_utc;",
            ("n", name), ("h", Hash(key)), ("now", Now()));
        return key;
    }

    public bool IsKnownKey(string key) => Convert.ToInt64(Read("SELECT COUNT(*) FROM api_keys WHERE sha256 = @h;", ("h", Hash(key))), CultureInfo.InvariantCulture) > 0;

    public bool HasKeys() => Convert.ToInt64(Read("SELECT COUNT(*) FROM api_keys;"), CultureInfo.InvariantCulture) > 0;

    private static string Hash(string key) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private string Now() => _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private int Write(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        var n = Execute(c, tx, sql, parameters);
        tx.Commit();
        return n;
    }

    private object? Read(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        var value = Scalar(c, tx, sql, parameters);
        tx.Commit();
        return value;
    }

    private List<StoredModel> Models(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _source.OpenConnection();
        using var cmd = Command(c, null, sql, parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredModel>();
        while (r.Read())
        {
            list.Add(new StoredModel(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }

    private List<StoredRun> Runs(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _source.OpenConnection();
        using var cmd = Command(c, null, sql, parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<StoredRun>();
        while (r.Read())
        {
            list.Add(new StoredRun(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9)));
        }

        return list;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, (string Name, object Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd;
    }

    private static int Execute(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(c, tx, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(c, tx, sql, parameters);
        return cmd.ExecuteScalar();
    }
}
