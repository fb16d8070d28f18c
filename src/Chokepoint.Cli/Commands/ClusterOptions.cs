using System.CommandLine;
using Chokepoint.Analysis.Model;
using Chokepoint.Cluster;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>--cluster GATEWAYS</c> or <c>--cluster-postgres CONNSTRING</c> (with <c>--cluster-id</c>): the
/// verbs whose work can be spread over a cluster of silos (<c>chokepoint silo</c>) take them; the
/// output is byte-identical to the run without them.
/// </summary>
internal sealed class ClusterOptions
{
    public Option<string?> Gateways { get; } = new("--cluster") { Description = "Run the work on a cluster of silos (see chokepoint silo): their gateways, comma-separated host:port, such as 127.0.0.1:30000. The output is the same, byte for byte." };
    public Option<string?> Postgres { get; } = new("--cluster-postgres") { Description = "Run the work on the cluster whose membership is in this PostgreSQL database (the silos' --postgres)." };
    public Option<string?> Id { get; } = new("--cluster-id") { Description = $"The cluster's id, as its silos were started with (default {ClusterTarget.DefaultClusterId})." };

    public void AddTo(Command command)
    {
        command.Options.Add(Gateways);
        command.Options.Add(Postgres);
        command.Options.Add(Id);
    }

    /// <summary>The cluster the options name, or null to run in this process.</summary>
    public ClusterTarget? Target(ParseResult parse)
    {
        var gateways = parse.GetValue(Gateways);
        var postgres = parse.GetValue(Postgres);
        var id = parse.GetValue(Id);
        if (gateways is not null && postgres is not null)
        {
            throw new CliInputException("give --cluster (gateways) or --cluster-postgres (the membership table), not both.");
        }

        if (gateways is null && postgres is null)
        {
            return id is null ? null : throw new CliInputException("--cluster-id needs --cluster or --cluster-postgres: say where the cluster is.");
        }

        if (id is not null && string.IsNullOrWhiteSpace(id))
        {
            throw new CliInputException("--cluster-id must not be empty.");
        }

        try
        {
            return new ClusterTarget
            {
                ClusterId = id ?? ClusterTarget.DefaultClusterId,
                Gateways = gateways is null ? [] : ClusterTarget.ParseGateways(gateways, "--cluster"),
                Postgres = string.IsNullOrWhiteSpace(postgres) ? (postgres is null ? null : throw new CliInputException("--cluster-postgres must not be empty.")) : postgres,
            };
        }
        catch (ArgumentException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    /// <summary>
    /// The cluster the options name, connected on the first unit sent (a run with nothing to spread
    /// never connects), or null to run in this process; dispose it to disconnect.
    /// </summary>
    public ClusterUnits? Units(ParseResult parse, CliContext context) => Target(parse) is { } target ? new ClusterUnits(target, context) : null;

    /// <summary>Runners on one connection, for one model and request each, that say what they do on standard error.</summary>
    public static Func<StackModel, RecordedFields, IUnitRunner> Runners(ClusterConnection connection, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        return (model, request) => new ClusterRunner(connection.Client, model, request, new ClusterRunOptions { Log = m => context.Err.WriteLine($"cluster: {m}") });
    }
}

/// <summary>
/// Runners on a cluster for the verbs, which connect on the first unit one of them sends and say
/// what they do (silos lost, units sent again) on standard error.
/// </summary>
internal sealed class ClusterUnits(ClusterTarget target, CliContext context) : IDisposable
{
    private readonly Lock _gate = new();
    private ClusterConnection? _connection;

    /// <summary>A runner for one model and request (the request as it was read, its recorded fields).</summary>
    public IUnitRunner For(StackModel model, RecordedFields request) => new Deferred(() => ClusterOptions.Runners(Connection(), context)(model, request));

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _connection = null;
        }
    }

    private ClusterConnection Connection()
    {
        lock (_gate)
        {
            return _connection ??= ClusterSetup.ConnectAsync(target, cancel: context.Cancel).GetAwaiter().GetResult();
        }
    }

    private sealed class Deferred(Func<IUnitRunner> make) : IUnitRunner
    {
        private IUnitRunner? _runner;

        public IReadOnlyList<byte[]> Run(UnitWork work, IProgress<(int Done, int Total)>? progress, CancellationToken cancel) =>
            (_runner ??= make()).Run(work, progress, cancel);
    }
}
