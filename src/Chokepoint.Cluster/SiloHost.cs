using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chokepoint.Cluster;

/// <summary>A silo process: joins the cluster, computes the units sent to it, says who joins and leaves, and stops cleanly when asked.</summary>
public static class SiloHost
{
    /// <summary>Runs a silo until <paramref name="stop"/> fires (SIGTERM, Ctrl-C), then leaves the cluster in order.</summary>
    public static async Task RunAsync(SiloSettings settings, Action<string> log, Action<string>? started = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (settings.Cluster.Postgres is { } postgres)
        {
            await PostgresMembership.EnsureSchemaAsync(postgres, stop);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => ClusterSetup.ConfigureSilo(silo, settings));
        builder.Services.AddSingleton(new MembershipLog(log));
        builder.Services.AddHostedService(sp => new MembershipWatcher(sp.GetRequiredService<IClusterMembershipService>(), sp.GetRequiredService<ILocalSiloDetails>(), sp.GetRequiredService<MembershipLog>()));
        using var host = builder.Build();
        await host.StartAsync(stop);
        var self = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        started?.Invoke(self.ToString());
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        log($"silo {self} is leaving the cluster");
        await host.StopAsync(TimeSpan.FromSeconds(20));
        log($"silo {self} stopped");
    }

    private sealed record MembershipLog(Action<string> Write);

    /// <summary>Writes a line for every silo that joins the cluster or leaves it, as the membership changes.</summary>
    private sealed class MembershipWatcher(IClusterMembershipService membership, ILocalSiloDetails self, MembershipLog log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var known = new Dictionary<SiloAddress, SiloStatus>();
            try
            {
                await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
                {
                    foreach (var (address, member) in snapshot.Members)
                    {
                        known.TryGetValue(address, out var before);
                        if (before == member.Status)
                        {
                            continue;
                        }

                        known[address] = member.Status;
                        var who = address.Equals(self.SiloAddress) ? $"silo {address} (this one)" : $"silo {address}";
                        if (member.Status == SiloStatus.Active)
                        {
                            log.Write($"{who} joined; {snapshot.Members.Count(m => m.Value.Status == SiloStatus.Active)} active");
                        }
                        else if (member.Status.IsTerminating() || member.Status == SiloStatus.Dead)
                        {
                            log.Write($"{who} left ({member.Status}); {snapshot.Members.Count(m => m.Value.Status == SiloStatus.Active)} active");
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
