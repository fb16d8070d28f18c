namespace Chokepoint.Server.Storage;

/// <summary>
/// The three concerns of the service's store in one object: <see cref="Store"/> (SQLite or PostgreSQL)
/// or <see cref="InMemoryStore"/>. The service registers each interface on its own.
/// </summary>
public interface IStore : IModelStore, IRunStore, IKeyStore;
