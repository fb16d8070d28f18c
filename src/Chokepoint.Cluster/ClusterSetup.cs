using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Chokepoint.Cluster;

/// <summary>
/// Where the cluster's membership lives: a primary silo on this machine (localhost clustering, for
/// development and tests), or a PostgreSQL table (ADO.NET clustering, for several machines).
/// </summary>
public sealed record ClusterTarget
{
    public const string DefaultClusterId = "chokepoint";

    /// <summary>The cluster's id: silos and clients of one cluster share it.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The gateways a client connects to (<c>host:port</c>); with localhost clustering, the primary silo's gateway is enough.</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; init; } = [];

    /// <summary>The PostgreSQL connection string of the membership table, or null for localhost clustering.</summary>
    public string? Postgres { get; init; }

    /// <summary>Reads <c>host:port,host:port</c>; a host may be a name (it is resolved) or an address.</summary>
    public static IReadOnlyList<IPEndPoint> ParseGateways(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var endpoints = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(ParseEndpoint(part, option));
        }

        return endpoints.Count == 0 ? throw new ArgumentException($"{option} names no gateway: give host:port, such as 127.0.0.1:30000.") : endpoints;
    }

    public static IPEndPoint ParseEndpoint(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{option}: '{text}' is not host:port (such as 127.0.0.1:30000).");
        }

        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var found = Dns.GetHostAddresses(host);
            return found.Length > 0
                ? new IPEndPoint(found.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? found[0], port)
                : throw new ArgumentException($"{option}: the host '{host}' has no address.");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ArgumentException($"{option}: the host '{host}' cannot be resolved ({e.Message}).", e);
        }
    }
}

/// <summary>What a silo needs: its ports, its address, and the membership it joins.</summary>
public sealed record SiloSettings
{
    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address the silo is reached at; loopback by default (one machine).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>With localhost clustering, the primary silo's silo endpoint; null: this silo is the primary.</summary>
    public IPEndPoint? Primary { get; init; }

    public ClusterTarget Cluster { get; init; } = new();
}

/// <summary>One place for how silos and clients of a Chokepoint cluster are configured.</summary>
public static class ClusterSetup
{
    /// <summary>The service id every Chokepoint cluster uses (the cluster id tells clusters apart).</summary>
    public const string ServiceId = "chokepoint";

    /// <summary>
    /// Failure detection quicker than Orleans' defaults, so that a lost silo's units are sent again
    /// within seconds: a silo that misses two probes of two seconds is declared dead.
    /// </summary>
    public static void Membership(ClusterMembershipOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        o.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
        o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(1);
    }

    /// <summary>A silo of the cluster that <paramref name="settings"/> names.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        if (cluster.Postgres is { } postgres)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(settings.Address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresMembership.Invariant;
                o.ConnectionString = postgres;
            });
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, settings.Primary, ServiceId, cluster.ClusterId);
        }

        AddComputing(silo);
    }

    /// <summary>
    /// What every silo that computes units needs, whatever its membership: quick failure detection,
    /// large messages, and the placement of each unit on the silo the client chose.
    /// </summary>
    public static void AddComputing(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<ClusterMembershipOptions>(Membership);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        silo.AddPlacementDirector<NamedSiloPlacement, NamedSiloPlacementDirector>();
        ConfigureMessages(silo.Services);
    }

    /// <summary>A client of the cluster that <paramref name="target"/> names.</summary>
    public static void ConfigureClient(IClientBuilder client, ClusterTarget target)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(target);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = target.ClusterId;
            o.ServiceId = ServiceId;
        });
        if (target.Postgres is { } postgres)
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresMembership.Invariant;
                o.ConnectionString = postgres;
            });
        }
        else
        {
            client.UseStaticClustering([.. target.Gateways]);
        }

        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        ConfigureMessages(client.Services);
    }

    /// <summary>Messages as large as a model chunk or a unit's result, with room to spare.</summary>
    private static void ConfigureMessages(IServiceCollection services) =>
        services.Configure<MessagingOptions>(o => o.MaxMessageBodySize = 256 * 1024 * 1024);

    /// <summary>
    /// Connects a client to the cluster, trying for <paramref name="patience"/> (silos may still be
    /// starting); fails with a message that names the gateways or the membership table.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(ClusterTarget target, TimeSpan? patience = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(15));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            ConfigureClient(client, target);
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), token);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            var where = target.Postgres is not null
                ? $"the silos of cluster '{target.ClusterId}' in the PostgreSQL membership table"
                : $"a gateway at {string.Join(", ", target.Gateways)}";
            throw new Operations.UnitRunnerException($"could not reach {where}: {e.Message} Start silos with 'chokepoint silo', check the address and the cluster id, or run without --cluster.", e);
        }

        return new ClusterConnection(host);
    }
}

/// <summary>A client connected to a cluster; disposing it disconnects.</summary>
public sealed class ClusterConnection(IHost host) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            host.Dispose();
        }
    }
}
