using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Chokepoint.Server.Storage;

/// <summary>
/// One SQLite file in WAL mode. Write transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default),
/// so writers take turns on the whole file and wait up to five seconds for it.
/// </summary>
public sealed class SqliteDialect(string path) : StoreDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path ?? throw new ArgumentNullException(nameof(path)),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override string OnOpen => "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

    public override string BeforeMigration => "PRAGMA journal_mode = WAL;";

    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
}
