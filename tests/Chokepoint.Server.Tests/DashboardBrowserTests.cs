using Chokepoint.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Chokepoint.Server.Tests;

/// <summary>The dashboard in a real headless Chromium (Debian's), against the service on loopback.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_analyst_picks_the_guangdong_stack_sees_the_cut_sets_and_runs_a_scenario()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"{Chromium} is not installed (apt-get install chromium; test.sh does it as root).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        var dir = Directory.CreateTempSubdirectory("chokepoint-dashboard-").FullName;
        await using var app = ServerApp.Build(new ServerOptions { DatabasePath = Path.Combine(dir, "store.db"), ApiKey = "dash-key", ExamplesFolder = TestPaths.Examples });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1000 } });
        var failed = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        var outside = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(address, StringComparison.Ordinal))
            {
                outside.Add(r.Url);
            }
        };

        await page.GotoAsync(address + "/");
        await page.WaitForSelectorAsync(".chip[data-id='euv-scanner']");
        await page.SelectOptionAsync("#model", "guangdong-huawei");
        await page.FillAsync("#key", "dash-key");
        await page.ClickAsync("#analyze");
        await page.WaitForSelectorAsync("#coalitions li");
        Assert.Contains("US", await page.InnerTextAsync("#coalitions"), StringComparison.Ordinal);
        await page.ClickAsync("#coalitions li");
        Assert.True(await page.Locator(".chip.broken").CountAsync() > 0);
        await page.WaitForSelectorAsync("table.heat");

        await page.ClickAsync(".chip[data-id='eda']");
        Assert.Contains("Used by", await page.InnerTextAsync("#details"), StringComparison.Ordinal);

        var output = Path.Combine(TestPaths.RepoRoot, "test-output");
        Directory.CreateDirectory(output);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "dashboard-cut-sets.png"), FullPage = true });

        foreach (var j in new[] { "US", "NL", "JP" })
        {
            await page.CheckAsync($"#restrict input[value='{j}']");
        }

        await page.CheckAsync("#reach");
        await page.ClickAsync("#run-scenario");
        // A curve flat at zero has no height, so wait for the path to exist rather than to be visible.
        await page.WaitForSelectorAsync("#recovery svg path", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Contains("Cut from month", await page.InnerTextAsync("#scenario-result"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "dashboard-scenario.png"), FullPage = true });

        Assert.Empty(failed);
        Assert.Empty(outside);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
