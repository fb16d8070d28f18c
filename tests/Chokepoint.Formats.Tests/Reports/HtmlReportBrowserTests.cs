using Chokepoint.Formats.Models;
using Chokepoint.Formats.Reports;
using Chokepoint.Testing;
using Microsoft.Playwright;

namespace Chokepoint.Formats.Tests.Reports;

/// <summary>The report opened in a real headless Chromium (Debian's), as a reader would open it.</summary>
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_guangdong_report_opens_in_chromium_with_no_failed_or_outside_requests()
    {
        if (!File.Exists(Chromium))
        {
            TestPaths.Missing($"{Chromium} is not installed (apt-get install chromium; .ci/run does it as root).");
        }

        var loaded = ModelLoader.Load(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml"));
        Assert.False(loaded.HasErrors);
        var outputDir = Path.Combine(TestPaths.RepoRoot, "test-output");
        Directory.CreateDirectory(outputDir);
        var html = Path.Combine(outputDir, "report-guangdong.html");
        await File.WriteAllTextAsync(html, HtmlReport.Write(loaded.Model!, "guangdong-huawei.yaml", new ReportRequest()), TestContext.Current.CancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var failed = new List<string>();
        var requested = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);
        page.Request += (_, r) => requested.Add(r.Url);
        var response = await page.GotoAsync(new Uri(html).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.NotNull(response);
        Assert.Empty(failed);
        Assert.All(requested, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        Assert.Contains("Huawei", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(8, await page.Locator("h2").CountAsync());
        // The controls in force come before every figure that starts from them.
        Assert.Contains("us-fdpr-huawei", await page.Locator("h2#controls + table").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("figure svg").CountAsync() >= 2);
        Assert.Contains("CUT", await page.Locator("table.heat").InnerTextAsync(), StringComparison.Ordinal);

        var screenshot = Path.Combine(outputDir, "report-guangdong.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        TestContext.Current.SendDiagnosticMessage($"screenshot: {screenshot}");
    }
}
