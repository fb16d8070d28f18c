using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chokepoint.Cluster;

/// <summary>An event of a silo's life: <c>started</c>, <c>joined</c>, <c>left</c>, <c>computing</c> (the first unit of a run here; the status names its kind and model), <c>leaving</c>, <c>stopped</c>, about a silo (this one or another), with the silos active when known.</summary>
public sealed record SiloEvent(string Event, string Silo, bool Self, int? Active = null, string? Status = null)
{
    public override string ToString() => Event switch
    {
        "joined" => $"silo {Silo}{(Self ? " (this one)" : "")} joined; {Active} active",
        "left" => $"silo {Silo}{(Self ? " (this one)" : "")} left ({Status}); {Active} active",
        "started" => $"silo {Silo} started",
        "leaving" => $"silo {Silo} is leaving the cluster",
        "computing" => $"silo {Silo} computes the units of a run: {Status}",
        _ => $"silo {Silo} {Event}",
    };
}

/// <summary>A silo process: joins the cluster, computes the units sent to it, says who joins and leaves, and stops cleanly when asked.</summary>
public static class SiloHost
{
    /// <summary>Runs a silo until <paramref name="stop"/> fires (SIGTERM, Ctrl-C), then leaves the cluster in order.</summary>
    public static async Task RunAsync(SiloSettings settings, Action<SiloEvent> log, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (settings.Cluster.Postgres is { } postgres)
        {
            await PostgresMembership.EnsureSchemaAsync(postgres, stop);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => ClusterSetup.ConfigureSilo(silo, settings));
        builder.Services.AddSingleton(new SiloEventLog(log));
        builder.Services.AddHostedService(sp => new MembershipWatcher(sp.GetRequiredService<IClusterMembershipService>(), sp.GetRequiredService<ILocalSiloDetails>(), sp.GetRequiredService<SiloEventLog>()));
        using var host = builder.Build();
        await host.StartAsync(stop);
        var self = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        log(new SiloEvent("started", self.ToString(), true));
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        log(new SiloEvent("leaving", self.ToString(), true));
        await host.StopAsync(TimeSpan.FromSeconds(20));
        log(new SiloEvent("stopped", self.ToString(), true));
    }


    /// <summary>Writes a line for every silo that joins the cluster or leaves it, as the membership changes.</summary>
    private sealed class MembershipWatcher(IClusterMembershipService membership, ILocalSiloDetails self, SiloEventLog log) : BackgroundService
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
                        var isSelf = address.Equals(self.SiloAddress);
                        var active = snapshot.Members.Count(m => m.Value.Status == SiloStatus.Active);
                        if (member.Status == SiloStatus.Active)
                        {
                            log.Write(new SiloEvent("joined", address.ToString(), isSelf, active));
                        }
                        else if (member.Status.IsTerminating() || member.Status == SiloStatus.Dead)
                        {
                            log.Write(new SiloEvent("left", address.ToString(), isSelf, active, member.Status.ToString()));
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

/// <summary>Where a silo process writes its events (absent in a silo that is not a process of its own, as in the tests' clusters).</summary>
internal sealed record SiloEventLog(Action<SiloEvent> Write);
