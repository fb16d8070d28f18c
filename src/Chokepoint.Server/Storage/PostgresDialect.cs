using System.Data.Common;
using Npgsql;

namespace Chokepoint.Server.Storage;

/// <summary>
/// PostgreSQL, whose transactions run side by side: advisory locks make migrations one at a time
/// and saves of one model one after the other.
/// </summary>
public sealed class PostgresDialect(string connectionString) : StoreDialect
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString)));

    public override DbConnection CreateConnection() => _source.CreateConnection();

    public override string MigrationLock => "SELECT pg_advisory_xact_lock(7210001);";

    public override string VersionLock => "SELECT pg_advisory_xact_lock(hashtext(@id));";

    public override string IdentityColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    // The pool's connections count against the server's max_connections until it is disposed.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }
    }
}
