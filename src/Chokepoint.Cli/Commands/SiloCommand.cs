using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Chokepoint.Cluster;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint silo</c>: a silo of a cluster that computes any unit of work sent with
/// <c>--cluster</c>; it says who joins and leaves, and leaves the cluster in order on SIGTERM or Ctrl-C.
/// </summary>
internal static class SiloCommand
{
    public static Command Create(CliContext context)
    {
        var siloPort = new Option<int>("--silo-port") { Description = "The port the silos of the cluster talk to each other on.", DefaultValueFactory = _ => new SiloSettings().SiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port clients connect to (what --cluster names).", DefaultValueFactory = _ => new SiloSettings().GatewayPort };
        var primary = new Option<string?>("--primary") { Description = "Localhost clustering: the primary silo's HOST:SILO-PORT (such as 127.0.0.1:11111); leave it out on the primary itself." };
        var postgres = new Option<string?>("--postgres") { Description = "ADO.NET clustering: a PostgreSQL connection string; the membership tables are created if missing. For silos on several machines." };
        var clusterId = new Option<string?>("--cluster-id") { Description = $"The cluster's id: silos and clients of one cluster share it (default {ClusterTarget.DefaultClusterId})." };
        var address = new Option<string?>("--address") { Description = "With --postgres, the address other silos and clients reach this one at (default 127.0.0.1: one machine)." };
        var json = new Option<bool>("--json") { Description = "Write each event (started, joined, left, leaving, stopped) as one line of JSON on standard output." };
        var command = new Command("silo", "Run a silo of a Chokepoint cluster: it computes the units of work (homes of a leverage matrix, batches of Monte Carlo samples) that leverage, analyze, scenario and recover send with --cluster. It stops cleanly on SIGTERM or Ctrl-C.")
        {
            siloPort, gatewayPort, primary, postgres, clusterId, address, json,
        };
        command.SetAction(parse =>
        {
            var settings = Settings(parse.GetValue(siloPort), parse.GetValue(gatewayPort), parse.GetValue(primary), parse.GetValue(postgres), parse.GetValue(clusterId), parse.GetValue(address));
            var asJson = parse.GetValue(json);
            var cluster = settings.Cluster.ClusterId;
            void Log(SiloEvent e)
            {
                // Events come from the membership's thread and the main one; a line is written whole.
                lock (context.Out)
                {
                    if (asJson)
                    {
                        context.Out.WriteLine(Formats.Results.Json.Compact(new SiloEventDocument(e.Event, e.Silo, e.Self, cluster, e.Active, e.Status)));
                    }
                    else
                    {
                        context.Out.WriteLine(e.ToString());
                    }

                    context.Out.Flush();
                }
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                // Leave the cluster in order rather than be killed: the client sends this silo's units elsewhere at once.
                signal.Cancel = true;
                stop.Cancel();
            });
            try
            {
                SiloHost.RunAsync(settings, Log, stop.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (ServeCommand.PortInUse(e))
            {
                throw new CliInputException($"port {settings.SiloPort} or {settings.GatewayPort} is already in use (another silo?): pass --silo-port and --gateway-port with free ports.");
            }
            catch (System.Data.Common.DbException e)
            {
                throw new Operations.UnitRunnerException($"the membership database cannot be used: {e.Message} Check --postgres (the server, the user, the password), or use localhost clustering (--primary) on one machine.", e);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while it was starting.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static SiloSettings Settings(int siloPort, int gatewayPort, string? primary, string? postgres, string? clusterId, string? address)
    {
        if (siloPort is < 1 or > 65535 || gatewayPort is < 1 or > 65535 || siloPort == gatewayPort)
        {
            throw new CliInputException("--silo-port and --gateway-port must be two different ports between 1 and 65535.");
        }

        if (primary is not null && postgres is not null)
        {
            throw new CliInputException("give --primary (localhost clustering) or --postgres (a membership table), not both.");
        }

        if (clusterId is not null && string.IsNullOrWhiteSpace(clusterId))
        {
            throw new CliInputException("--cluster-id must not be empty.");
        }

        if (postgres is not null && string.IsNullOrWhiteSpace(postgres))
        {
            throw new CliInputException("--postgres must not be empty: give a connection string, such as Host=127.0.0.1;Username=postgres;Database=chokepoint.");
        }

        if (address is not null && postgres is null)
        {
            throw new CliInputException("--address applies with --postgres; localhost clustering (--primary) stays on 127.0.0.1.");
        }

        IPAddress at = IPAddress.Loopback;
        if (address is not null && !IPAddress.TryParse(address, out at!))
        {
            throw new CliInputException($"--address: '{address}' is not an IP address (such as 10.0.0.5).");
        }

        try
        {
            return new SiloSettings
            {
                SiloPort = siloPort,
                GatewayPort = gatewayPort,
                Address = at,
                Primary = primary is null ? null : ClusterTarget.ParseEndpoint(primary, "--primary"),
                Cluster = new ClusterTarget { ClusterId = clusterId ?? ClusterTarget.DefaultClusterId, Postgres = postgres },
            };
        }
        catch (ArgumentException e)
        {
            throw new CliInputException(e.Message);
        }
    }
}
