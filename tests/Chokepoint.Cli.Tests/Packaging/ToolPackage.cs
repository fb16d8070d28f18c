using System.Diagnostics;
using System.Text;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Packaging;

/// <summary>
/// The tool package as a user gets it: <c>dotnet pack -c Release</c> of the command line, then
/// <c>dotnet tool install</c> into a temporary tool path, once for all the tests that share it.
/// </summary>
public sealed class ToolPackage : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    private readonly string _root = global::Chokepoint.Testing.TempFolders.Create("chokepoint-package-").FullName;

    /// <summary>The .nupkg file.</summary>
    public string Nupkg { get; private set; } = "";

    /// <summary>The package's version, as in its file name.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The installed <c>chokepoint</c> command.</summary>
    public string Command => Path.Combine(_root, "tools", "chokepoint");

    /// <summary>A new empty folder, to run the tool from where no clone is.</summary>
    public string EmptyFolder() => global::Chokepoint.Testing.TempFolders.Create("chokepoint-outside-").FullName;

    public async ValueTask InitializeAsync()
    {
        var artifacts = Path.Combine(_root, "artifacts");

        // As the README says; --no-restore because the test build has restored the projects, and a
        // second restore while other test projects run would rewrite their obj/ folders.
        var pack = await Run(TestPaths.RepoRoot, "dotnet", ["pack", Path.Combine("src", "Chokepoint.Cli"), "-c", "Release", "-o", artifacts, "--no-restore", "-nologo"]);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.All}");
        Nupkg = Assert.Single(Directory.GetFiles(artifacts, "chokepoint.*.nupkg"));
        Version = Path.GetFileNameWithoutExtension(Nupkg)["chokepoint.".Length..];

        // The exact version, so that no other feed's package of that name is taken, and a private
        // package cache, so that an earlier build of the same version is not taken from it either.
        var install = await Run(_root, "dotnet", ["tool", "install", "chokepoint", "--tool-path", Path.Combine(_root, "tools"), "--add-source", artifacts,
            "--version", Version, "--ignore-failed-sources"], new() { ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages") });
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.All}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is no failure.
        }

        return ValueTask.CompletedTask;
    }

    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string All => Out + Err;
    }

    /// <summary>Runs the installed tool in <paramref name="folder"/> and waits for it.</summary>
    public Task<Result> Chokepoint(string folder, params string[] args) => Run(folder, Command, args);

    /// <summary>Starts the installed tool in <paramref name="folder"/>, its output redirected, for a server.</summary>
    public Process Start(string folder, params string[] args)
    {
        var start = Info(folder, Command, args, null);
        return Process.Start(start)!;
    }

    private static async Task<Result> Run(string folder, string file, string[] args, Dictionary<string, string>? env = null)
    {
        using var process = Process.Start(Info(folder, file, args, env))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {StepTimeout.TotalMinutes} minutes");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Info(string folder, string file, string[] args, Dictionary<string, string>? env)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in env ?? [])
        {
            start.Environment[name] = value;
        }
        return start;
    }
}
