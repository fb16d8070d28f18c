using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Chokepoint.Server.Storage;

/// <summary>
/// One SQLite file in WAL mode.
/// </summary>
/// <remarks>
/// Write transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), so writers take turns on
/// the whole file; a busy file is retried for up to five seconds (the
/// connection's default command timeout, which Microsoft.Data.Sqlite applies to SQLITE_BUSY), so a
/// pooled connection needs no statement of its own on every open (the schema has no foreign keys).
/// Within one process, writers queue on <see cref="WriterGate"/> instead: SQLite's busy handler
/// retries by sleeping, so a few hundred writes a second on a busy machine made some wait out the
/// whole timeout and fail (a 500 in the soak run), while a queue serves them in turn.
/// </remarks>
public sealed class SqliteDialect(string path) : StoreDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path ?? throw new ArgumentNullException(nameof(path)),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 5,
    }.ToString();

    private readonly SemaphoreSlim _writers = new(1, 1);

    public override SemaphoreSlim WriterGate => _writers;

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override string BeforeMigration => "PRAGMA journal_mode = WAL;";

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writers.Dispose();
        }

        base.Dispose(disposing);
    }
}
