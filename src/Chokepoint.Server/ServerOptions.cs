namespace Chokepoint.Server;

/// <summary>How the service runs: where it stores, who may write, what it loads first.</summary>
public sealed record ServerOptions
{
    /// <summary>The SQLite file; created on first start. Unused with <see cref="PostgresConnectionString"/>.</summary>
    public string DatabasePath { get; init; } = "chokepoint.db";

    /// <summary>A PostgreSQL connection string: the store lives there instead of in SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The key that write requests must send in the <c>X-Api-Key</c> header; without one, writes are refused.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Whether reads need no key (the default). Analyses only read, so they follow this too.</summary>
    public bool OpenReads { get; init; } = true;

    /// <summary>Whether each analysis is recorded as a run, with its parameters and result (the default); jobs always are.</summary>
    public bool RecordRuns { get; init; } = true;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Requests per second that one client without a valid key may make (a token bucket, bursts up to
    /// twice this); beyond it the answer is 429 with Retry-After. 0 turns the limit off. Key holders are not limited.
    /// </summary>
    public int AnonymousRequestsPerSecond { get; init; } = 20;

    /// <summary>How many requests without a valid key run at once, over all clients; more wait in a short queue, then get 429. Key holders do not count.</summary>
    public int AnonymousConcurrency { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How long one analysis request may compute before it is stopped and answered with a 422 that
    /// says to start it as a job instead (jobs have no such budget). <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan RequestTimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The budget for an analysis request without a valid key, when shorter than <see cref="RequestTimeBudget"/>:
    /// such requests also wait in the anonymous queue, and a client should get its answer (a 422 at worst)
    /// well within a common 60 s timeout. <see cref="TimeSpan.Zero"/>: the same budget as key holders.
    /// </summary>
    public TimeSpan AnonymousRequestTimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The budget that applies to one request: the shorter of the two for a request without a valid key; zero is none.</summary>
    public TimeSpan BudgetFor(bool keyHolder) =>
        keyHolder || AnonymousRequestTimeBudget <= TimeSpan.Zero ? RequestTimeBudget
        : RequestTimeBudget <= TimeSpan.Zero || AnonymousRequestTimeBudget < RequestTimeBudget ? AnonymousRequestTimeBudget
        : RequestTimeBudget;

    /// <summary>
    /// Where jobs compute their units (a cluster of silos, for <c>serve --cluster</c>): a runner for a
    /// model and the request as it was read; null runs every job in this process.
    /// </summary>
    public Func<Analysis.Model.StackModel, Operations.RecordedFields, Operations.IUnitRunner>? UnitRunners { get; init; }

    /// <summary>A folder of models loaded into an empty store on first start (the shipped examples).</summary>
    public string? ExamplesFolder { get; init; }
}
