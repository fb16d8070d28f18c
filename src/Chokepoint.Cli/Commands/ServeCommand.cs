using System.CommandLine;
using Chokepoint.Server;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint serve</c>: the REST API over stored models and runs, on 127.0.0.1.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1.", DefaultValueFactory = _ => 5080 };
        var db = new Option<string>("--db") { Description = "The SQLite file (created, with its schema, on first start).", DefaultValueFactory = _ => "chokepoint.db" };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL connection string: keep the store there instead of in the SQLite file." };
        var apiKey = new Option<string?>("--api-key") { Description = "The key that writes and jobs must send in X-Api-Key; without it the service is read-only (analyses only read, and need a key only with --closed-reads)." };
        var examples = new Option<string?>("--examples") { Description = "A folder of models loaded into an empty store on first start (default: the example stacks shipped with chokepoint; see chokepoint examples)." };
        var addKey = new Option<string?>("--add-key") { Description = "Create a named API key in the store (only its hash is kept), print it once, and exit." };
        var closedReads = new Option<bool>("--closed-reads") { Description = "Reads need an API key too (by default anyone on the machine may read models and runs)." };
        var noRuns = new Option<bool>("--no-record-runs") { Description = "Do not record each analysis as a run (its parameters and result); jobs are always recorded." };
        var maxBody = new Option<long>("--max-body") { Description = "The largest request body accepted, in bytes.", DefaultValueFactory = _ => new ServerOptions().MaxBodyBytes };
        var rate = new Option<int>("--rate-limit") { Description = "Requests a second that one client without a valid API key may make (bursts up to twice that; then 429 with Retry-After); 0: no limit. Key holders are never limited.", DefaultValueFactory = _ => new ServerOptions().AnonymousRequestsPerSecond };
        var concurrency = new Option<int>("--anonymous-concurrency") { Description = "Requests without a valid API key that run at once, over all clients (a few more wait; the rest get 429).", DefaultValueFactory = _ => new ServerOptions().AnonymousConcurrency };
        var budget = new Option<double>("--request-timeout") { Description = "Seconds one analysis request may compute before it is stopped with a 422 that says to run it as a job (jobs have no budget); 0: no budget.", DefaultValueFactory = _ => new ServerOptions().RequestTimeBudget.TotalSeconds };
        var anonymousBudget = new Option<double>("--anonymous-request-timeout") { Description = "Seconds one analysis request without a valid API key may compute, when shorter than --request-timeout (such requests also queue); 0: the same as --request-timeout.", DefaultValueFactory = _ => new ServerOptions().AnonymousRequestTimeBudget.TotalSeconds };
        var json = new Option<bool>("--json") { Description = "Print the listening address and settings as JSON once started." };
        var cluster = new ClusterOptions();
        var command = new Command("serve", "Run the web service, bound to 127.0.0.1: the dashboard at /, the REST API under /api, its OpenAPI document at /openapi/v1.json and an interactive reference at /api-docs/.") { port, db, postgres, apiKey, closedReads, noRuns, maxBody, rate, concurrency, budget, anonymousBudget, examples, addKey, json };
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var p = parse.GetValue(port);
            var target = cluster.Target(parse);
            if (p is < 1 or > 65535)
            {
                throw new CliInputException("--port must be between 1 and 65535.");
            }

            if (parse.GetValue(rate) < 0 || parse.GetValue(concurrency) < 1)
            {
                throw new CliInputException("--rate-limit must be 0 or more, and --anonymous-concurrency 1 or more.");
            }

            if (!double.IsFinite(parse.GetValue(budget)) || parse.GetValue(budget) is < 0 or > 86400)
            {
                throw new CliInputException("--request-timeout must be between 0 (no budget) and 86400 seconds.");
            }

            if (!double.IsFinite(parse.GetValue(anonymousBudget)) || parse.GetValue(anonymousBudget) is < 0 or > 86400)
            {
                throw new CliInputException("--anonymous-request-timeout must be between 0 (the same as --request-timeout) and 86400 seconds.");
            }

            if (parse.GetValue(addKey) is { } name)
            {
                using var keys = Server.Storage.Store.OpenAsync(new ServerOptions { DatabasePath = parse.GetValue(db)!, PostgresConnectionString = parse.GetValue(postgres) }, cancel: context.Cancel).GetAwaiter().GetResult();
                var key = keys.AddKeyAsync(name, context.Cancel).GetAwaiter().GetResult();
                context.Out.WriteLine(parse.GetValue(json)
                    ? Formats.Results.Json.Text(new Formats.Results.Contracts.ApiKeyDocument(name, key)).TrimEnd()
                    : $"API key '{name}': {key}\nKeep it: only its hash is stored in {parse.GetValue(db)}.");
                return ExitCodes.Ok;
            }

            if (parse.GetValue(maxBody) < 1024)
            {
                throw new CliInputException("--max-body must be at least 1024 bytes.");
            }

            var folder = parse.GetValue(examples) ?? ShippedExamples.Folder;
            if (parse.GetValue(examples) is { } given && !Directory.Exists(given))
            {
                throw new CliInputException($"--examples: the folder {given} does not exist; name a folder of models, or leave the option out for the shipped examples.");
            }

            // Jobs on a cluster: one connection for the service's life, a runner per job.
            var connection = target is null ? null : Cluster.ClusterSetup.ConnectAsync(target, cancel: context.Cancel).GetAwaiter().GetResult();
            using var disconnect = new Disposer(connection);
            var app = ServerApp.Build(new ServerOptions
            {
                UnitRunners = connection is null ? null : ClusterOptions.Runners(connection, context),
                DatabasePath = parse.GetValue(db)!,
                PostgresConnectionString = parse.GetValue(postgres),
                ApiKey = parse.GetValue(apiKey),
                ExamplesFolder = folder,
                OpenReads = !parse.GetValue(closedReads),
                RecordRuns = !parse.GetValue(noRuns),
                MaxBodyBytes = parse.GetValue(maxBody),
                AnonymousRequestsPerSecond = parse.GetValue(rate),
                AnonymousConcurrency = parse.GetValue(concurrency),
                RequestTimeBudget = TimeSpan.FromSeconds(parse.GetValue(budget)),
                AnonymousRequestTimeBudget = TimeSpan.FromSeconds(parse.GetValue(anonymousBudget)),
            });
            var url = $"http://127.0.0.1:{p}";
            app.Urls.Add(url);
            try
            {
                app.StartAsync(context.Cancel).GetAwaiter().GetResult();
            }
            catch (IOException e) when (PortInUse(e))
            {
                throw new CliInputException($"port {p} on 127.0.0.1 is already in use (another chokepoint serve?): stop that server or pass --port with a free port.");
            }

            if (parse.GetValue(json))
            {
                Formats.Results.Json.Write(context.Out, new Formats.Results.Contracts.ServeDocument(url, parse.GetValue(db), parse.GetValue(apiKey) is not null));
            }
            else
            {
                context.Out.WriteLine($"Chokepoint is serving {url}/ (dashboard), {url}/api (reference: {url}/api-docs/, OpenAPI: {url}/openapi/v1.json); store {(parse.GetValue(postgres) is null ? parse.GetValue(db) : "PostgreSQL")}; " +
                    (parse.GetValue(apiKey) is null ? "read-only (no --api-key)." : "writes need the X-Api-Key header.") +
                    (target is null ? "" : $" Jobs run on the cluster '{target.ClusterId}'.") + " Ctrl-C stops it.");
            }

            // Ctrl-C, or SIGTERM (kill, systemctl stop), which the host turns into "stopping".
            WaitHandle.WaitAny([context.Cancel.WaitHandle, app.Lifetime.ApplicationStopping.WaitHandle]);
            app.StopAsync().GetAwaiter().GetResult();
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Whether <paramref name="e"/>, or an exception inside it, says that a port to listen on is taken (Kestrel's, Orleans').</summary>
    internal static bool PortInUse(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                || x.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Disconnects from the cluster when the service stops.</summary>
    private sealed class Disposer(Cluster.ClusterConnection? connection) : IDisposable
    {
        public void Dispose() => connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
