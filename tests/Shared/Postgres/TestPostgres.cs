namespace Chokepoint.Testing;

/// <summary>
/// The PostgreSQL that test.sh starts on 127.0.0.1 (CHOKEPOINT_TEST_POSTGRES), one schema per test.
/// Without it the test is skipped, or fails under CI=true. Linked into the test projects that use
/// Npgsql (through the server), not into every one.
/// </summary>
internal static class TestPostgres
{
    /// <summary>A connection string whose search path is a schema named after <paramref name="directory"/>, created if missing.</summary>
    public static string ConnectionFor(string directory, string prefix)
    {
        var connection = Environment.GetEnvironmentVariable("CHOKEPOINT_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connection))
        {
            TestPaths.Missing("CHOKEPOINT_TEST_POSTGRES is not set: start PostgreSQL with scripts/start-postgres.sh (test.sh does it as root).");
        }

        var schema = prefix + "_" + Path.GetFileName(directory).Replace('-', '_').ToLowerInvariant();
        using var c = new Npgsql.NpgsqlConnection(connection);
        c.Open();
        using var cmd = new Npgsql.NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema}\";", c);
        cmd.ExecuteNonQuery();
        return $"{connection};Search Path={schema}";
    }
}
