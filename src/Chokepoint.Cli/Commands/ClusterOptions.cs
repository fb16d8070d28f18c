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
    /// <paramref name="work"/> on the cluster: connects, makes a runner for the model and the request
    /// as it was read (its recorded fields), runs, and disconnects. What the runner does (silos lost,
    /// units sent again) goes to standard error.
    /// </summary>
    public static T Run<T>(ClusterTarget target, StackModel model, RecordedFields request, CliContext context, Func<IUnitRunner, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(target, context, runners => work(runners(model, request)));
    }

    /// <summary><paramref name="work"/> on the cluster, with runners for as many models as it needs (a comparison's), on one connection.</summary>
    public static T Run<T>(ClusterTarget target, CliContext context, Func<Func<StackModel, RecordedFields, IUnitRunner>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(context);
        var connection = ClusterSetup.ConnectAsync(target, cancel: context.Cancel).GetAwaiter().GetResult();
        try
        {
            return work(Runners(connection, context));
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Runners on one connection, for one model and request each, that say what they do on standard error.</summary>
    public static Func<StackModel, RecordedFields, IUnitRunner> Runners(ClusterConnection connection, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        return (model, request) => new ClusterRunner(connection.Client, model, request, new ClusterRunOptions { Log = m => context.Err.WriteLine($"cluster: {m}") });
    }
}
