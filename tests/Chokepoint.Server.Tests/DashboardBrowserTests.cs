using System.Text.Json.Nodes;
using Chokepoint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Chokepoint.Server.Tests;

/// <summary>The dashboard in a real headless Chromium (Debian's), against the service on loopback.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string Output
    {
        get
        {
            var output = Path.Combine(TestPaths.RepoRoot, "test-output");
            Directory.CreateDirectory(output);
            return output;
        }
    }

    [Fact]
    public async Task An_analyst_picks_the_guangdong_stack_sees_the_cut_sets_and_runs_a_scenario()
    {
        await using var session = await Session.Open();
        await session.Page.GotoAsync(session.Address + "/");
        await session.Page.WaitForSelectorAsync(".chip[data-id='euv-scanner']");
        await session.Page.SelectOptionAsync("#model", "guangdong-huawei");
        await session.Page.FillAsync("#key", "dash-key");
        await session.Page.ClickAsync("#analyze");
        await session.Page.WaitForSelectorAsync("#coalitions li");
        Assert.Contains("US", await session.Page.InnerTextAsync("#coalitions"), StringComparison.Ordinal);
        await session.Page.WaitForSelectorAsync("#graph g.node[data-id='euv-scanner']");
        await session.Page.ClickAsync("#coalitions li");
        // The coalition's cut components are marked in the layers and on the graph.
        Assert.True(await session.Page.Locator(".chip.broken").CountAsync() > 0);
        Assert.True(await session.Page.Locator("#graph g.node.broken").CountAsync() > 0);
        await session.Page.WaitForSelectorAsync("table.heat");

        // The layers are listed in the server's order (not the order they first appear in the model file).
        var structure = await session.Structure("guangdong-huawei");
        Assert.Equal(ServerLayers(structure), await session.Page.Locator("details.layer").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.layer)"));
        var filterOptions = await session.Page.Locator("#layer-filter option").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Equal(["", .. ServerLayers(structure)], filterOptions);

        await session.Page.ClickAsync("#graph g.node[data-id='eda']");
        var details = await session.Page.InnerTextAsync("#details");
        Assert.Contains("Used by", details, StringComparison.Ordinal);
        Assert.Contains("Paths to the target", details, StringComparison.Ordinal);
        // The path shown, and drawn, is the server's path_to_target chain.
        await AssertShowsServersPath(session.Page, structure, "eda");
        await session.Page.FillAsync("#highlight", "NL");
        Assert.True(await session.Page.Locator("#graph g.node.lit[data-id='euv-scanner']").CountAsync() == 1);

        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "dashboard-cut-sets.png"), FullPage = true });

        foreach (var j in new[] { "US", "NL", "JP" })
        {
            await session.Page.CheckAsync($"#restrict input[value='{j}']");
        }

        await session.Page.CheckAsync("#reach");
        await session.Page.FillAsync("#samples", "2000");
        await session.Page.ClickAsync("#run-scenario");
        // A curve flat at zero has no height, so wait for the path to exist rather than to be visible.
        await session.Page.WaitForSelectorAsync("#recovery svg path", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Contains("Cut from month", await session.Page.InnerTextAsync("#scenario-result"), StringComparison.Ordinal);
        Assert.True(await session.Page.Locator("#recovery svg[aria-label='capacity by layer'] rect.bar.cut").CountAsync() > 0);
        // The Monte Carlo bands come from a job whose progress the page shows.
        await session.Page.WaitForFunctionAsync("document.getElementById('samples-text').textContent.startsWith('Over 2000 samples')");
        Assert.Contains("cut in 100.0% of them", await session.Page.InnerTextAsync("#samples-text"), StringComparison.Ordinal);
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "dashboard-scenario.png"), FullPage = true });

        // The layer filter keeps one layer in the list and that layer with its neighbours on the graph.
        await session.Page.SelectOptionAsync("#layer-filter", "equipment");
        await session.Page.WaitForSelectorAsync("#graph g.node[data-id='euv-scanner']");
        Assert.Equal(["equipment"], await session.Page.Locator("details.layer").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.layer)"));

        // Compare: two stacks side by side.
        await session.Page.ClickAsync("#tabs button[data-tab='compare-tab']");
        await session.Page.CheckAsync("#compare-models input[value='guangdong-huawei']");
        await session.Page.CheckAsync("#compare-models input[value='korea-samsung']");
        await session.Page.ClickAsync("#run-compare");
        await session.Page.WaitForSelectorAsync("#compare-result table tr:nth-child(3)");
        Assert.Contains("korea-samsung", await session.Page.InnerTextAsync("#compare-result"), StringComparison.Ordinal);
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "dashboard-compare.png"), FullPage = true });

        // The optimizer's plan, run as a job, in the world without today's controls: one domestic EDA action
        // takes away the US's single-country cut (under the US rule on Huawei no plan within this budget helps).
        await session.Page.ClickAsync("#tabs button[data-tab='optimize-tab']");
        await session.Page.UncheckAsync("#reach");
        await session.Page.CheckAsync("#no-standing");
        await session.Page.FillAsync("#budget", "5e9");
        await session.Page.ClickAsync("#run-optimize");
        await session.Page.WaitForSelectorAsync("#plan-summary");
        Assert.Contains("eda", await session.Page.InnerTextAsync("#plan"), StringComparison.Ordinal);
        Assert.Contains("proven optimal", await session.Page.InnerTextAsync("#plan-summary"), StringComparison.Ordinal);
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "dashboard-optimize.png"), FullPage = true });
        await session.Page.ClickAsync("#plan a[data-id='eda']");
        Assert.Equal(1, await session.Page.Locator(".chip.plan[data-id='eda']").CountAsync());

        // The interactive API reference (Swagger UI bundled at build time) lists the endpoints.
        await session.Page.GotoAsync(session.Address + "/api-docs/");
        await session.Page.WaitForSelectorAsync(".swagger-ui .opblock-summary-path[data-path='/api/compare']");
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "api-reference.png"), FullPage = false });

        session.AssertNothingFailedOrLeftTheMachine();
    }

    [Fact]
    public async Task The_dashboard_stays_usable_at_ten_thousand_components()
    {
        await using var session = await Session.Open();
        var model = Analysis.Generation.StackGenerator.Generate(components: 9_999, jurisdictions: 40, seed: 11);
        var store = session.App.Services.GetRequiredService<Server.Storage.IModelStore>();
        await store.SaveModelAsync("generated-10k", model.Name, Formats.Models.ModelWriter.ToYaml(model), TestContext.Current.CancellationToken);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/");
        await page.WaitForSelectorAsync("#graph g.node");
        await page.FillAsync("#key", "dash-key");

        // Each step is timed in the page; the figures go to test-output for bench/dashboard.sh (no limits asserted here).
        var figures = new Dictionary<string, double>();
        async Task Step(string name, Func<Task> action)
        {
            var start = await page.EvaluateAsync<double>("performance.now()");
            await action();
            figures[name] = await page.EvaluateAsync<double>("performance.now()") - start;
        }

        await Step("open_model_ms", async () =>
        {
            await page.SelectOptionAsync("#model", "generated-10k");
            await page.WaitForFunctionAsync("document.getElementById('status').textContent === '10000 components' && !document.querySelector('#graph.busy') && document.querySelector('#graph g.node') !== null");
        });
        // Large stacks start collapsed: no layer's chips are in the page until it is opened.
        Assert.Equal(0, await page.Locator(".chip").CountAsync());
        Assert.Equal(8, await page.Locator("details.layer").CountAsync());
        Assert.InRange(await page.Locator("#graph g.node").CountAsync(), 1, 250);

        await Step("search_ms", async () =>
        {
            await page.FillAsync("#search", "device-1234");
            await page.WaitForSelectorAsync("#search-results li[data-id='device-1234']");
        });
        await Step("select_and_focus_ms", async () =>
        {
            await page.ClickAsync("#search-results li[data-id='device-1234']");
            await page.WaitForFunctionAsync("document.querySelector(\"#graph g.node.selected[data-id='device-1234']\") !== null && !document.querySelector('#graph.busy')");
        });
        Assert.Contains("device-1234", await page.InnerTextAsync("#details h2"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".chip.selected[data-id='device-1234']").CountAsync());
        var structure = await session.Structure("generated-10k");
        await AssertShowsServersPath(page, structure, "device-1234");
        Assert.Equal(ServerLayers(structure), await page.Locator("details.layer").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.layer)"));

        await Step("open_layer_ms", async () =>
        {
            await page.ClickAsync("details.layer[data-layer='material'] summary");
            await page.WaitForSelectorAsync("details.layer[data-layer='material'] .chip");
        });
        Assert.True(await page.Locator("details.layer[data-layer='material'] .chip").CountAsync() <= 400);
        await Step("show_all_of_a_layer_ms", async () =>
        {
            await page.ClickAsync("details.layer[data-layer='material'] button.more");
            await page.WaitForFunctionAsync("document.querySelectorAll(\"details.layer[data-layer='material'] .chip\").length === 1250");
        });

        await Step("analyze_ms", async () =>
        {
            await page.ClickAsync("#analyze");
            await page.WaitForFunctionAsync("document.getElementById('status').textContent === 'done' || document.getElementById('status').textContent.startsWith('error')");
        });
        Assert.Equal("done", await page.InnerTextAsync("#status"));
        await Step("highlight_ms", async () =>
        {
            await page.FillAsync("#highlight", "J01");
            await page.WaitForSelectorAsync(".chip.lit");
        });

        // The longest stretch the page's main thread was blocked (the layout runs in a worker).
        figures["longest_main_thread_task_ms"] = await page.EvaluateAsync<double>("Math.max(0, ...(window.__longTasks || []))");
        figures["graph_nodes"] = await page.Locator("#graph g.node").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Output, "dashboard-10k.png") });
        await File.WriteAllTextAsync(Path.Combine(Output, "dashboard-10k.json"),
            System.Text.Json.JsonSerializer.Serialize(figures, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), TestContext.Current.CancellationToken);
        session.AssertNothingFailedOrLeftTheMachine();
    }

    private static string[] ServerLayers(JsonNode structure) => structure["layers"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();

    /// <summary>The component panel lists one path, the server's chain of path_to_target pointers, and the graph marks its steps.</summary>
    private static async Task AssertShowsServersPath(IPage page, JsonNode structure, string id)
    {
        var components = structure["components"]!.AsArray();
        var chain = new List<string>();
        for (JsonNode? c = components.First(x => x!["id"]!.GetValue<string>() == id); c is not null;)
        {
            chain.Add(c["id"]!.GetValue<string>());
            c = c["path_to_target"] is { } next ? components[next.GetValue<int>()] : null;
        }

        Assert.True(chain.Count > 1, $"the target needs {id}");
        Assert.Equal([string.Join(" → ", chain)], await page.Locator("#details ol.paths li").AllInnerTextsAsync());
        var marked = await page.Locator("#graph path.edge.path").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.from + '>' + e.dataset.to)");
        Assert.Equal(chain.Skip(1).Zip(chain, (user, input) => $"{user}>{input}").Order(StringComparer.Ordinal), marked.Order(StringComparer.Ordinal));
    }

    /// <summary>The service on a loopback port with the examples, and a page in headless Chromium watching its requests.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly List<string> _failed = [];
        private readonly List<string> _outside = [];
        private readonly List<string> _errors = [];
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public required WebApplication App { get; init; }
        public required string Address { get; init; }
        public IPage Page { get; private set; } = null!;

        public static async Task<Session> Open()
        {
            if (!File.Exists(Chromium))
            {
                TestPaths.Missing($"{Chromium} is not installed (apt-get install chromium; test.sh does it as root).");
            }

            Bundle.Require();
            var dir = Directory.CreateTempSubdirectory("chokepoint-dashboard-").FullName;
            var app = ServerApp.Build(new ServerOptions { DatabasePath = Path.Combine(dir, "store.db"), ApiKey = "dash-key", ExamplesFolder = TestPaths.Examples });
            app.Urls.Add("http://127.0.0.1:0");
            await app.StartAsync(TestContext.Current.CancellationToken);
            var session = new Session { App = app, Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() };
            session._playwright = await Playwright.CreateAsync();
            session._browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await session._browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1000 } });
            await page.AddInitScriptAsync("window.__longTasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });");
            page.RequestFailed += (_, r) => session._failed.Add(r.Url);
            page.Request += (_, r) =>
            {
                if (!r.Url.StartsWith(session.Address, StringComparison.Ordinal))
                {
                    session._outside.Add(r.Url);
                }
            };
            page.Response += (_, r) =>
            {
                if (r.Status >= 400)
                {
                    session._errors.Add($"{r.Status} {r.Url}");
                }
            };
            page.PageError += (_, e) => session._errors.Add("script error: " + e);
            session.Page = page;
            return session;
        }

        /// <summary>The model's structure as the server answers it, to compare the page with.</summary>
        public async Task<JsonNode> Structure(string model)
        {
            using var client = new HttpClient { BaseAddress = new Uri(Address) };
            return JsonNode.Parse(await client.GetStringAsync($"/api/models/{model}/structure", TestContext.Current.CancellationToken))!;
        }

        /// <summary>No request failed or answered an error, no script error, and nothing was fetched from outside the server.</summary>
        public void AssertNothingFailedOrLeftTheMachine()
        {
            Assert.Empty(_failed);
            Assert.Empty(_errors);
            Assert.Empty(_outside);
        }

        public async ValueTask DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            _playwright?.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
