using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Packaging;

/// <summary>
/// The packed and installed tool, run from folders outside the clone, as CI and a new user run it:
/// what is in the package, and the commands of the README's install section.
/// </summary>
public sealed class ToolPackageTests(ToolPackage package) : IClassFixture<ToolPackage>
{
    private const string ToolFolder = "tools/net10.0/linux-x64/";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] Curated = [.. Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    [Fact]
    public void The_package_holds_no_file_of_the_ETO_data_whose_licence_forbids_shipping_it()
    {
        // CC BY-NC 4.0: the data may not go out inside the package, under any name.
        var eto = TestPaths.SharedData("eto-chip-explorer");
        var etoFiles = Directory.GetFiles(eto, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 0).ToList();
        Assert.NotEmpty(etoFiles);
        var etoHashes = etoFiles.GroupBy(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
            .ToDictionary(g => g.Key, g => Path.GetRelativePath(eto, g.First()));
        var etoNames = etoFiles.Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        using var zip = ZipFile.OpenRead(package.Nupkg);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            var hash = Convert.ToHexString(SHA256.HashData(stream));
            Assert.False(etoHashes.TryGetValue(hash, out var same), $"{entry.FullName} in the package is the ETO data file {same}");
            Assert.DoesNotContain(entry.Name, etoNames);
            Assert.DoesNotContain("eto", entry.FullName.Split('/').SkipLast(1), StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_package_holds_the_examples_the_dashboard_the_notices_and_the_native_libraries()
    {
        using var zip = ZipFile.OpenRead(package.Nupkg);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.All(Curated, name => Assert.Contains($"{ToolFolder}examples/{name}.yaml", names));
        Assert.Contains($"{ToolFolder}examples/lib/upstream.yaml", names);
        Assert.Contains($"{ToolFolder}examples/supplier-table-template.xlsx", names);
        Assert.Contains($"{ToolFolder}wwwroot/index.html", names);
        Assert.Contains($"{ToolFolder}wwwroot/lib/dashboard.js", names);
        Assert.Contains($"{ToolFolder}wwwroot/lib/swagger-ui/swagger-ui-bundle.js", names);
        Assert.Contains($"{ToolFolder}libortools.so.9", names);
        Assert.Contains($"{ToolFolder}google-ortools-native.so", names);
        Assert.Contains($"{ToolFolder}libe_sqlite3.so", names);
        Assert.Contains("LICENSE", names);
        Assert.Contains($"{ToolFolder}THIRD-PARTY-NOTICES.md", names);
        Assert.Contains("<license type=\"expression\">Apache-2.0</license>", new StreamReader(zip.GetEntry("chokepoint.nuspec")!.Open()).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_tool_prints_its_version_and_the_commit_of_this_clone()
    {
        var head = await Git("rev-parse", "HEAD");

        var result = await package.Chokepoint(package.EmptyFolder(), "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{package.Version} (commit {head})\n", result.Out);
    }

    [Fact]
    public async Task The_installed_tool_lists_its_examples_from_an_empty_folder()
    {
        var result = await package.Chokepoint(package.EmptyFolder(), "examples", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Curated, JsonNode.Parse(result.Out)!["examples"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_copied_example_is_analysed_and_optimized_by_the_installed_tool()
    {
        var folder = package.EmptyFolder();
        Assert.Equal(0, (await package.Chokepoint(folder, "examples", "copy", "mine")).ExitCode);

        var analyze = await package.Chokepoint(folder, "analyze", Path.Combine("mine", "korea-samsung.yaml"));
        // The optimizer loads OR-Tools' native library, which the package must carry for linux-x64.
        var optimize = await package.Chokepoint(folder, "optimize", Path.Combine("mine", "guangdong-huawei.yaml"), "--budget", "5e9", "--no-standing");

        Assert.True(analyze.ExitCode == 0, analyze.All);
        Assert.Contains("home KR (domestic: KR), target galaxy-s-flagship", analyze.Out, StringComparison.Ordinal);
        Assert.True(optimize.ExitCode == 0, optimize.All);
        Assert.Contains("1 action costing 3,000,000,000, proven optimal", optimize.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_started_from_an_empty_folder_lists_the_shipped_examples_and_serves_the_dashboard()
    {
        var folder = package.EmptyFolder();
        var port = FreePort();
        using var server = package.Start(folder, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        try
        {
            var started = await server.StandardOutput.ReadLineAsync(Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancel);
            if (started is null)
            {
                Assert.Fail($"chokepoint serve did not start: {await server.StandardError.ReadToEndAsync(Cancel)}");
            }

            _ = server.StandardOutput.ReadToEndAsync(Cancel);
            _ = server.StandardError.ReadToEndAsync(Cancel);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            var models = JsonNode.Parse(await client.GetStringAsync("/api/models", Cancel))!.AsArray();
            var page = await client.GetStringAsync("/", Cancel);
            var bundle = await client.GetAsync("/lib/dashboard.js", Cancel);

            Assert.Equal(Curated, models.Select(m => m!["id"]!.GetValue<string>()));
            Assert.Contains("<script", page, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
            Assert.True(File.Exists(Path.Combine(folder, "chokepoint.db")), "the store is created in the folder the server was started from");
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(Cancel);
            }

            if (!server.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                server.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(0, server.ExitCode);
    }

    private static async Task<string> Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var git = Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync(Cancel);
        await git.WaitForExitAsync(Cancel);
        Assert.Equal(0, git.ExitCode);
        return output.Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
