using System.Data.Common;

namespace Chokepoint.Server.Storage;

/// <summary>
/// What really differs between the databases <see cref="Store"/> runs on: how a connection is made
/// and prepared, the runs' identity column, and how writers take turns. Everything else (the SQL,
/// the schema, its migrations, the row mapping) is <see cref="Store"/>'s, written once.
/// </summary>
public abstract class StoreDialect : IDisposable
{
    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Run on every opened connection, or null.</summary>
    public virtual string? OnOpen => null;

    /// <summary>Run once before the migration, outside its transaction, or null.</summary>
    public virtual string? BeforeMigration => null;

    /// <summary>Run first in the migration's transaction so that one process migrates at a time, or null when the transaction already does that.</summary>
    public virtual string? MigrationLock => null;

    /// <summary>
    /// Run first in a save's transaction, with parameter <c>@id</c> (the model), so that saves of one
    /// model number their versions one after the other; null when every write transaction already does that.
    /// </summary>
    public virtual string? VersionLock => null;

    /// <summary>
    /// Taken before every write transaction of this process, or null when the database lets writers
    /// wait for each other well on its own (PostgreSQL's row locks).
    /// </summary>
    public virtual SemaphoreSlim? WriterGate => null;

    /// <summary>The type and constraints of the runs' id column: an increasing integer key that the database assigns.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>Closes what the dialect holds open (PostgreSQL's connection pool); a store disposes its dialect.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>A connection, open and prepared.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancel)
    {
        var c = CreateConnection();
        try
        {
            await c.OpenAsync(cancel);
            if (OnOpen is { } sql)
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync(cancel);
            }

            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }
}
