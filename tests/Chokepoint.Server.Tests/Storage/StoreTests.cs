using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests.Storage;

/// <summary>The store's contract, on each store: SQLite, PostgreSQL and in memory (the derived classes at the end).</summary>
public abstract class StoreTests
{
    /// <summary>The clock every store here runs on: 2026-03-01 09:30 UTC plus a little, one second on at each read.</summary>
    protected sealed class SteppingClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now = _now.AddTicks(TimeSpan.TicksPerSecond + 1230);
    }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IStore> Open(TimeProvider clock);

    [Fact]
    public async Task Every_save_is_the_next_version_and_each_version_reads_back()
    {
        var store = await Open(new SteppingClock());
        Assert.True(await store.IsEmptyAsync(Cancel));
        Assert.Equal(1, await store.SaveModelAsync("b", "B", "one", Cancel));
        Assert.Equal(2, await store.SaveModelAsync("b", null, "two", Cancel));
        Assert.Equal(1, await store.SaveModelAsync("a", "A", "only", Cancel));
        Assert.False(await store.IsEmptyAsync(Cancel));

        var latest = await store.GetModelAsync("b", cancel: Cancel);
        Assert.Equal(("b", 2, (string?)null, "two"), (latest!.Id, latest.Version, latest.Name, latest.Text));
        Assert.Equal("one", (await store.GetModelAsync("b", 1, Cancel))!.Text);
        Assert.Null(await store.GetModelAsync("b", 3, Cancel));
        Assert.Null(await store.GetModelAsync("c", cancel: Cancel));
        Assert.Equal(
            [("a", 1, "A", ""), ("b", 2, null, "")],
            (await store.ListModelsAsync(Cancel)).Select(m => (m.Id, m.Version, m.Name, m.Text)));
        Assert.True((await store.GetModelAsync("b", 1, Cancel))!.CreatedUtc < latest.CreatedUtc);
    }

    [Fact]
    public async Task Runs_get_increasing_ids_and_end_with_their_status_result_and_error()
    {
        var store = await Open(new SteppingClock());
        await store.SaveModelAsync("m", "M", "text", Cancel);
        var done = await store.StartRunAsync("m", 1, "analyze", "{}", Cancel);
        var cancelled = await store.StartRunAsync("m", 1, "scenario-samples", """{"samples": 9}""", Cancel);
        var failed = await store.StartRunAsync("m", 1, "diff", "{}", Cancel);
        var left = await store.StartRunAsync("m", 1, "leverage", "{}", Cancel);
        Assert.True(done < cancelled && cancelled < failed && failed < left);

        var running = (await store.GetRunAsync(done, Cancel))!;
        Assert.Equal((RunStatus.Running, "analyze", "{}", (DateTimeOffset?)null), (running.Status, running.Kind, running.Parameters, running.FinishedUtc));
        await store.FinishRunAsync(done, RunStatus.Done, """{"r": 1}""", null, Cancel);
        await store.FinishRunAsync(cancelled, RunStatus.Cancelled, """{"r": 2}""", "cancelled: partly", Cancel);
        await store.FinishRunAsync(failed, RunStatus.Failed, null, "broke", Cancel);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.FinishRunAsync(left, RunStatus.Running, null, null, Cancel));
        Assert.Equal(1, await store.FailInterruptedRunsAsync(cancel: Cancel));
        Assert.Equal(0, await store.FailInterruptedRunsAsync(cancel: Cancel));

        var runs = await store.ListRunsAsync("m", Cancel);
        Assert.Equal(
            [(done, RunStatus.Done, null), (cancelled, RunStatus.Cancelled, "cancelled: partly"), (failed, RunStatus.Failed, "broke"), (left, RunStatus.Failed, IRunStore.InterruptedError)],
            runs.Select(r => (r.Id, r.Status, r.Error)));
        Assert.All(runs, r => Assert.Null(r.Result));
        Assert.All(runs, r => Assert.True(r.FinishedUtc > r.CreatedUtc));
        Assert.Equal("""{"r": 2}""", (await store.GetRunAsync(cancelled, Cancel))!.Result);
        Assert.Empty(await store.ListRunsAsync("other", Cancel));
        Assert.Null(await store.GetRunAsync(left + 100, Cancel));
    }

    [Fact]
    public async Task Deleting_a_model_deletes_its_versions_and_runs_only()
    {
        var store = await Open(new SteppingClock());
        await store.SaveModelAsync("gone", null, "1", Cancel);
        await store.SaveModelAsync("gone", null, "2", Cancel);
        await store.SaveModelAsync("kept", null, "1", Cancel);
        await store.StartRunAsync("gone", 2, "analyze", "{}", Cancel);
        var keptRun = await store.StartRunAsync("kept", 1, "analyze", "{}", Cancel);

        Assert.True(await store.DeleteModelAsync("gone", Cancel));
        Assert.False(await store.DeleteModelAsync("gone", Cancel));
        Assert.Null(await store.GetModelAsync("gone", 1, Cancel));
        Assert.Equal([keptRun], (await store.ListRunsAsync(null, Cancel)).Select(r => r.Id));
        // Versions start again at 1 for a deleted model.
        Assert.Equal(1, await store.SaveModelAsync("gone", null, "new", Cancel));
    }

    [Fact]
    public async Task Keys_are_known_by_their_hash_and_a_new_key_of_a_name_replaces_the_old()
    {
        var store = await Open(new SteppingClock());
        Assert.False(await store.HasKeysAsync(Cancel));
        var first = await store.AddKeyAsync("analyst", Cancel);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", first);
        Assert.True(await store.HasKeysAsync(Cancel));
        Assert.True(await store.IsKnownKeyAsync(first, Cancel));
        Assert.False(await store.IsKnownKeyAsync(first + "x", Cancel));
        Assert.False(await store.IsKnownKeyAsync(ApiKeys.Hash(first), Cancel));

        var second = await store.AddKeyAsync("analyst", Cancel);
        Assert.NotEqual(first, second);
        Assert.False(await store.IsKnownKeyAsync(first, Cancel));
        Assert.True(await store.IsKnownKeyAsync(second, Cancel));
    }

    [Fact]
    public async Task A_running_run_is_held_by_its_owner_which_writes_its_progress_and_hears_a_request_to_stop()
    {
        var store = await Open(new SteppingClock());
        await store.SaveModelAsync("m", "M", "text", Cancel);
        var job = await store.StartRunAsync("m", 1, "leverage", "{}", Cancel);
        var other = await store.StartRunAsync("m", 1, "analyze", "{}", Cancel);

        var lease = (await store.GetLeaseAsync(job, Cancel))!;
        Assert.Equal((store.Owner, 0, 0, (string?)null, false), (lease.Owner, lease.Done, lease.Total, lease.Stage, lease.CancelRequested));
        Assert.Empty(await store.BeatAsync([(job, 3, 8, "homes")], Cancel));
        var beaten = (await store.GetLeaseAsync(job, Cancel))!;
        Assert.Equal((3, 8, "homes"), (beaten.Done, beaten.Total, beaten.Stage));
        Assert.True(beaten.HeartbeatUtc >= lease.HeartbeatUtc);

        Assert.True(await store.RequestCancelAsync(job, Cancel));
        Assert.Equal([job], await store.BeatAsync([], Cancel));
        await store.FinishRunAsync(job, RunStatus.Cancelled, null, "cancelled", Cancel);
        Assert.Null(await store.GetLeaseAsync(job, Cancel));
        Assert.False(await store.RequestCancelAsync(job, Cancel));
        Assert.Empty(await store.BeatAsync([], Cancel));

        // A sweep while serving keeps the runs this owner holds; the sweep at start takes every run left.
        Assert.Equal(0, await store.FailInterruptedRunsAsync(keepOwn: true, Cancel));
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(other, Cancel))!.Status);
        Assert.Equal(1, await store.FailInterruptedRunsAsync(cancel: Cancel));
        Assert.Null(await store.GetLeaseAsync(other, Cancel));
    }

    [Fact]
    public async Task Times_read_back_to_the_tick_and_write_as_iso_8601_utc()
    {
        var clock = new SteppingClock();
        var store = await Open(clock);
        await store.SaveModelAsync("m", null, "text", Cancel);
        var created = (await store.GetModelAsync("m", cancel: Cancel))!.CreatedUtc;
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 1, TimeSpan.Zero).AddTicks(1230), created);
        Assert.Equal("2026-03-01T09:30:01.0001230+00:00", UtcText.Format(created));
        Assert.Equal(TimeSpan.Zero, created.Offset);
    }
}

public sealed class InMemoryStoreTests : StoreTests
{
    protected override Task<IStore> Open(TimeProvider clock) => Task.FromResult<IStore>(new InMemoryStore(clock));
}

public sealed class SqliteStoreTests : StoreTests
{
    protected override async Task<IStore> Open(TimeProvider clock) =>
        await Store.OpenAsync(new SqliteDialect(Path.Combine(Chokepoint.Testing.TempFolders.Create("chokepoint-store-").FullName, "store.db")), clock, Cancel);

    [Fact]
    public async Task A_second_store_on_the_same_file_fails_the_runs_of_an_earlier_store_of_this_process_but_not_its_own()
    {
        var path = Path.Combine(Chokepoint.Testing.TempFolders.Create("chokepoint-store-").FullName, "store.db");
        using var first = await Store.OpenAsync(new SqliteDialect(path), cancel: Cancel);
        await first.SaveModelAsync("m", "M", "text", Cancel);
        var left = await first.StartRunAsync("m", 1, "leverage", "{}", Cancel);
        using var second = await Store.OpenAsync(new SqliteDialect(path), cancel: Cancel);
        var held = await second.StartRunAsync("m", 1, "leverage", "{}", Cancel);
        Assert.NotEqual(first.Owner, second.Owner);

        Assert.Equal(1, await second.FailInterruptedRunsAsync(keepOwn: true, Cancel));
        Assert.Equal((RunStatus.Failed, IRunStore.InterruptedError), ((await second.GetRunAsync(left, Cancel))!.Status, (await second.GetRunAsync(left, Cancel))!.Error));
        Assert.Equal(RunStatus.Running, (await second.GetRunAsync(held, Cancel))!.Status);
    }
}

/// <summary>Whether the owner of a run still holds it: by its process on this machine, by its beats elsewhere.</summary>
public sealed class RunOwnersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_owner_on_this_machine_is_alive_while_its_process_runs_and_one_elsewhere_while_it_beats()
    {
        var self = RunOwners.New();
        var pid1 = $"{Environment.MachineName}/1/{RunOwners.StartTicks(1)}/x";
        Assert.True(RunOwners.IsAlive(self, self, Now, Now));
        Assert.True(RunOwners.IsAlive(pid1, self, Now - TimeSpan.FromDays(9), Now));
        // The same pid started at another time is another process: the owner is gone.
        Assert.False(RunOwners.IsAlive($"{Environment.MachineName}/1/12345/x", self, Now, Now));
        Assert.False(RunOwners.IsAlive($"{Environment.MachineName}/{int.MaxValue}/0/x", self, Now, Now));
        // Another store of this very process is an earlier one, gone.
        Assert.False(RunOwners.IsAlive(RunOwners.New(), self, Now, Now));
        Assert.True(RunOwners.IsAlive("elsewhere.example/42/0/x", self, Now - TimeSpan.FromSeconds(30), Now));
        Assert.False(RunOwners.IsAlive("elsewhere.example/42/0/x", self, Now - RunOwners.StaleAfter, Now));
        Assert.False(RunOwners.IsAlive("not an owner", self, Now, Now));
    }
}

/// <summary>On the PostgreSQL that test.sh starts, one schema per test; skipped without it (failing under CI=true).</summary>
public sealed class PostgresStoreTests : StoreTests
{
    protected override async Task<IStore> Open(TimeProvider clock) =>
        await Store.OpenAsync(new PostgresDialect(TestPostgres.ConnectionFor(Chokepoint.Testing.TempFolders.Create("chokepoint-store-").FullName, "s")), clock, Cancel);
}
