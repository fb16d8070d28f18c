using Npgsql;

namespace Chokepoint.Cluster;

/// <summary>
/// The PostgreSQL tables of Orleans' ADO.NET membership, created when missing: a version row per
/// cluster (the membership's optimistic-concurrency counter), a row per silo, and the named queries
/// the provider looks up in <c>OrleansQuery</c>. The queries are ours, written against the
/// provider's contract (its query keys, parameter names and result columns): each write answers
/// how many rows it changed, and a row is added or changed only when the version it was read at is
/// still current, which then goes up by one.
/// </summary>
public static class PostgresMembership
{
    /// <summary>The ADO.NET invariant name Orleans knows Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey varchar(64) NOT NULL PRIMARY KEY,
            QueryText varchar(8000) NOT NULL);
        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
            DeploymentId varchar(150) NOT NULL PRIMARY KEY,
            Timestamp timestamptz(3) NOT NULL DEFAULT now(),
            Version integer NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
            DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
            Address varchar(45) NOT NULL,
            Port integer NOT NULL,
            Generation integer NOT NULL,
            SiloName varchar(150) NOT NULL,
            HostName varchar(150) NOT NULL,
            Status integer NOT NULL,
            ProxyPort integer NULL,
            SuspectTimes varchar(8000) NULL,
            StartTime timestamptz(3) NOT NULL,
            IAmAliveTime timestamptz(3) NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation));
        """;

    private const string Silo = "DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation";

    private const string Columns = "v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version";

    /// <summary>The provider's query keys and our text for each.</summary>
    internal static readonly IReadOnlyList<(string Key, string Text)> Queries =
    [
        ("InsertMembershipVersionKey", """
            WITH added AS (INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId) ON CONFLICT (DeploymentId) DO NOTHING RETURNING 1)
            SELECT COUNT(*)::integer FROM added;
            """),
        // The version row is bumped first (its row lock orders concurrent writers), and the silo row is
        // added only if the bump happened: a writer that read an old version changes nothing.
        ("InsertMembershipKey", $"""
            WITH bumped AS (
                UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                  AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable WHERE {Silo})
                RETURNING 1),
            added AS (
                INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT COUNT(*)::integer FROM added;
            """),
        ("UpdateMembershipKey", $"""
            WITH bumped AS (
                UPDATE OrleansMembershipVersionTable SET Timestamp = now(), Version = Version + 1
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                  AND EXISTS (SELECT 1 FROM OrleansMembershipTable WHERE {Silo})
                RETURNING 1),
            changed AS (
                UPDATE OrleansMembershipTable SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
                WHERE {Silo} AND EXISTS (SELECT 1 FROM bumped)
                RETURNING 1)
            SELECT COUNT(*)::integer FROM changed;
            """),
        ("UpdateIAmAlivetimeKey", $"UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime WHERE {Silo};"),
        ("MembershipReadRowKey", $"""
            SELECT {Columns}
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
            WHERE v.DeploymentId = @DeploymentId;
            """),
        ("MembershipReadAllKey", $"""
            SELECT {Columns}
            FROM OrleansMembershipVersionTable v
            LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
            WHERE v.DeploymentId = @DeploymentId;
            """),
        ("DeleteMembershipTableEntriesKey", """
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
            """),
        ("GatewaysQueryKey", "SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;"),
        // Silos no longer active (status 3 is active) whose last sign of life is older than the cut-off.
        ("CleanupDefunctSiloEntriesKey", "DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status != 3;"),
    ];

    /// <summary>Creates the tables and stores the queries (again: a newer Chokepoint may change a query's text); safe to run from several silos at once.</summary>
    public static async Task EnsureSchemaAsync(string connectionString, CancellationToken cancel = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancel);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            throw new Operations.UnitRunnerException($"cannot open the PostgreSQL membership database: {e.Message} Check --postgres (a connection string such as Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres).", e);
        }

        await using var tx = await connection.BeginTransactionAsync(cancel);
        // One process at a time creates the tables (CREATE TABLE IF NOT EXISTS races otherwise).
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7463911);", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(cancel);
        }

        await using (var create = new NpgsqlCommand(Tables, connection, tx))
        {
            await create.ExecuteNonQueryAsync(cancel);
        }

        foreach (var (key, text) in Queries)
        {
            await using var upsert = new NpgsqlCommand("INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@k, @t) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;", connection, tx);
            upsert.Parameters.AddWithValue("k", key);
            upsert.Parameters.AddWithValue("t", text);
            await upsert.ExecuteNonQueryAsync(cancel);
        }

        await tx.CommitAsync(cancel);
    }
}
