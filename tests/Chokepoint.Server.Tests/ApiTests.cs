using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests;

/// <summary>Every API test, run against each store: SQLite, PostgreSQL and in memory (see the derived classes at the end).</summary>
public abstract class ApiTests
{
    /// <summary>The options of a service whose store is kept under <paramref name="directory"/> (or a schema named after it).</summary>
    protected abstract ServerOptions Options(string directory);

    /// <summary>The store the service under <paramref name="directory"/> is given, or null for the one its options name.</summary>
    protected virtual IStore? GivenStore(string directory) => null;

    /// <summary>The store of the service under <paramref name="directory"/>, opened beside it (as another process would).</summary>
    protected async Task<IStore> OpenStore(string directory) => GivenStore(directory) ?? await Store.OpenAsync(Options(directory), cancel: Cancel);

    private protected Task<TestService> Start(string? directory = null, Func<ServerOptions, ServerOptions>? change = null)
    {
        var owned = directory is null;
        directory ??= Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        var options = Options(directory);
        return TestService.Start(directory, change is null ? options : change(options), GivenStore(directory), ownsDirectory: owned);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string Cuttable = File.ReadAllText(Path.Combine(TestPaths.TestModels, "valid", "cuttable.yaml"));

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;

    [Fact]
    public async Task The_shipped_examples_are_loaded_on_first_start()
    {
        await using var service = await Start();
        var models = (await Json(await service.Client.GetAsync("/api/models", Cancel))).AsArray();
        Assert.Equal(["guangdong-huawei", "india-phone", "korea-samsung", "us-ai-server"], models.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Writes_need_the_right_api_key()
    {
        await using var service = await Start();
        var none = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable, key: null), Cancel);
        var wrong = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable, key: "nope"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        var delete = await service.Client.SendAsync(service.Request(HttpMethod.Delete, "/api/models/guangdong-huawei", key: null), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_key_the_service_is_read_only()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using var service = await Start(dir, o => o with { ApiKey = null });
        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("--api-key", (await Json(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Models_get_a_new_version_on_every_save_and_each_version_can_be_read()
    {
        await using var service = await Start();
        var first = await Json(await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable), Cancel));
        var second = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable.Replace("0.96", "0.9", StringComparison.Ordinal)), Cancel);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.Equal(2, (await Json(second))["version"]!.GetValue<int>());
        var latest = await Json(await service.Client.GetAsync("/api/models/cuttable", Cancel));
        var v1 = await Json(await service.Client.GetAsync("/api/models/cuttable/versions/1", Cancel));
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Contains("0.96", v1["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("0.96", latest["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/models/cuttable/versions/9", Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_invalid_model_is_a_problem_with_located_diagnostics()
    {
        await using var service = await Start();
        var broken = File.ReadAllText(Path.Combine(TestPaths.TestModels, "broken", "share-out-of-range.yaml"));
        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/broken", broken), Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var d = (await Json(response))["diagnostics"]![0]!;
        Assert.Equal("CP030", d["code"]!.GetValue<string>());
        Assert.Equal(14, d["line"]!.GetValue<int>());
        Assert.Equal("components[0].providers[0].share", d["path"]!.GetValue<string>());
        var validate = await Json(await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/validate", broken, key: null), Cancel));
        Assert.False(validate["valid"]!.GetValue<bool>());
    }

    public static TheoryData<string> VerbCases => [.. VerbCase.All.Where(c => c.ApiPath is not null).Select(c => c.Name)];

    /// <summary>
    /// The service answers each request with the command line's approved document for the same
    /// request, byte for byte (tests/Shared/Approved, written by the command line's snapshot tests).
    /// </summary>
    [Theory]
    [MemberData(nameof(VerbCases))]
    public async Task Every_verb_answers_with_the_command_lines_approved_document(string name)
    {
        var c = VerbCase.All.Single(x => x.Name == name);
        await using var service = await Start();
        foreach (var (id, file) in c.Stored)
        {
            var saved = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/" + id, File.ReadAllText(file)), Cancel);
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        if (c.Cli[0] == "validate")
        {
            // One body, one file: the service names it model.yaml where the command line names the path it was given.
            var validated = await service.Client.SendAsync(service.Request(HttpMethod.Post, c.ApiPath!, File.ReadAllText(c.Cli[1])), Cancel);
            var approved = JsonNode.Parse(Approvals.Shared($"verb-{name}-json"))!.AsArray()[0]!.AsObject();
            approved["file"] = "model.yaml";
            Assert.Equal(Formats.Results.Json.Text(approved), await validated.Content.ReadAsStringAsync(Cancel));
            return;
        }

        var response = await service.PostJson(c.ApiPath!, c.ApiBody!);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        Assert.Equal(Approvals.Shared($"verb-{name}-json"), VerbCase.Scrub(body));
    }

    [Fact]
    public async Task An_analysis_needs_no_key_and_is_recorded_as_the_run_its_headers_name()
    {
        await using var service = await Start();
        var response = await service.PostJson("/api/models/india-phone/analyze", """{"max_order": 3}""", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runId = long.Parse(response.Headers.GetValues("Chokepoint-Run").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"/api/runs/{runId}", response.Headers.Location!.OriginalString);
        Assert.Equal("india-phone@1", response.Headers.GetValues("Chokepoint-Models").Single());

        var run = await Json(await service.Client.GetAsync($"/api/runs/{runId}", Cancel));
        Assert.Equal("done", run["status"]!.GetValue<string>());
        Assert.Equal("analyze", run["kind"]!.GetValue<string>());
        Assert.Equal(3, run["parameters"]!["max_order"]!.GetValue<int>());
        Assert.Equal(await response.Content.ReadAsStringAsync(Cancel), Formats.Results.Json.Text(run["result"]));
        Assert.Single((await Json(await service.Client.GetAsync("/api/runs?model=india-phone", Cancel))).AsArray());
    }

    [Fact]
    public async Task With_runs_not_recorded_an_analysis_answers_the_same_and_stores_nothing()
    {
        await using var service = await Start(change: o => o with { RecordRuns = false });
        var response = await service.PostJson("/api/models/india-phone/chokepoints", "{}", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Chokepoint-Run"));
        Assert.Empty((await Json(await service.Client.GetAsync("/api/runs?model=india-phone", Cancel))).AsArray());
    }

    /// <summary>The bad requests the adapters once handled differently: each is a 400 that names its field, and no run is left behind.</summary>
    [Theory]
    [InlineData("analyze", """{"prob": {"US": 2}}""", "prob", "'prob' gives 'US' 2, which is not a probability")]
    [InlineData("chokepoints", """{"max_order": -1}""", "max_order", "'max_order' must be 1 or more, not -1")]
    [InlineData("scenario", """{"scenario": "us-tool-and-eda-controls", "restrict": ["US"]}""", "scenario", "'scenario' names a saved scenario, so 'restrict' and the scope cannot be given too")]
    [InlineData("scenario", """{"scope": {"layers": "eda"}, "restrict": ["US"]}""", "scope_layers", "'scope.layers' must be a list of strings")]
    [InlineData("recover", """{"restrict": ["US"], "months": -3}""", "months", "'months' must be between 0 and 1200, not -3")]
    [InlineData("optimize", """{"budget": -1}""", "budget", "'budget' must be a number of 0 or more, not -1")]
    [InlineData("leverage", """{"homes": ["US"]}""", "homes", "'homes' must name at least two homes")]
    [InlineData("jobs/scenario-samples", """{"restrict": ["US"], "samples": 0}""", "samples", "'samples' must be 1 or more, not 0")]
    [InlineData("optimize", "{}", "budget", "'budget' is missing")]
    [InlineData("optimize", """{"budget": 1e9, "objective": "cheapest"}""", "objective", "'objective' must be coalition, probability or capacity, not 'cheapest'.")]
    [InlineData("jobs/optimize", """{"budget": "lots"}""", "budget", "'budget' must be a number, not \"lots\".")]
    [InlineData("analyze", """{"reach": "yes"}""", "reach", "'reach' must be true or false, not \"yes\".")]
    [InlineData("analyze", """{"max_order": 2.5}""", "max_order", "'max_order' must be a whole number, not 2.5.")]
    [InlineData("scenario", """{"restrict": "US"}""", "restrict", "'restrict' must be a list of strings")]
    [InlineData("/api/compare", "{}", "models", "'models' is missing: name the models")]
    [InlineData("/api/compare", """{"models": ["guangdong-huawei", "nope"]}""", "models", "'models[1]': no model 'nope' is stored.")]
    [InlineData("/api/compare", """{"models": [{"id": "korea-samsung", "version": 7}]}""", "models", "'models[0]': no model 'korea-samsung' version 7 is stored.")]
    [InlineData("/api/compare", """{"models": ["korea-samsung"], "homes": "KR"}""", "homes", "'homes' must be a list of strings")]
    public async Task A_bad_request_is_a_400_that_names_the_field(string path, string body, string field, string says)
    {
        await using var service = await Start();
        var response = await service.PostJson(path.StartsWith('/') ? path : "/api/models/guangdong-huawei/" + path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.StartsWith(says, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.Empty((await Json(await service.Client.GetAsync("/api/runs?model=guangdong-huawei", Cancel))).AsArray());
    }

    [Fact]
    public async Task Chokepoints_and_scenarios_take_the_command_line_parameters()
    {
        await using var service = await Start();
        var cuts = await Json(await service.PostJson("/api/models/guangdong-huawei/chokepoints", """{"target": "euv-scanner"}"""));
        Assert.Contains(cuts["cut_sets"]!["sets"]!.AsArray(), s => s!.AsArray().Select(x => x!.GetValue<string>()).SequenceEqual(["NL"]));
        var scenario = await Json(await service.PostJson("/api/models/guangdong-huawei/scenario", """{"scenario": "us-nl-jp-controls"}"""));
        Assert.False(scenario["target_available"]!.GetValue<bool>());
        var bad = await service.PostJson("/api/models/guangdong-huawei/analyze", """{"home": "XX"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("unknown jurisdiction 'XX'", (await Json(bad))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var malformed = await service.PostJson("/api/models/guangdong-huawei/analyze", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_model_removes_every_version()
    {
        await using var service = await Start();
        var response = await service.Client.SendAsync(service.Request(HttpMethod.Delete, "/api/models/india-phone"), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/models/india-phone", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.SendAsync(service.Request(HttpMethod.Delete, "/api/models/india-phone"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_body_above_the_limit_is_refused()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using var service = await Start(dir, o => o with { MaxBodyBytes = 1000 });
        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/big", new string('#', 5000)), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_run_interrupted_by_a_stopped_server_is_marked_failed_at_the_next_start_and_no_model_is_lost()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using (var first = await Start(dir))
        {
            await first.Client.SendAsync(first.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable), Cancel);
        }

        // What a kill in the middle of a run leaves: a run written as running, never finished.
        var store = await OpenStore(dir);
        var runId = await store.StartRunAsync("cuttable", 1, "analyze", "{}", Cancel);

        await using var second = await Start(dir);
        var run = await Json(await second.Client.GetAsync($"/api/runs/{runId}", Cancel));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("interrupted", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, (await Json(await second.Client.GetAsync("/api/models", Cancel))).AsArray().Count);
    }

    [Fact]
    public async Task Times_are_written_as_iso_8601_utc_with_seven_fractional_digits()
    {
        await using var service = await Start();
        var model = await Json(await service.Client.GetAsync("/api/models/india-phone", Cancel));
        var runId = long.Parse((await service.PostJson("/api/models/india-phone/analyze", "{}")).Headers.GetValues("Chokepoint-Run").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var run = await Json(await service.Client.GetAsync($"/api/runs/{runId}", Cancel));
        var listed = (await Json(await service.Client.GetAsync("/api/runs?model=india-phone", Cancel)))[0]!;
        const string Iso = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$";
        Assert.All(new[] { model["created_utc"], run["created_utc"], run["finished_utc"], listed["finished_utc"] }, t => Assert.Matches(Iso, t!.GetValue<string>()));
        Assert.Equal(run["finished_utc"]!.GetValue<string>(), listed["finished_utc"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var service = await Start();
        var doc = await Json(await service.Client.GetAsync("/openapi/v1.json", Cancel));
        var paths = doc["paths"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Contains("/api/models", paths);
        Assert.Contains("/api/models/{id}/analyze", paths);
        Assert.Contains("/api/runs/{id}", paths);
        Assert.Contains("/api/compare", paths);
        Assert.Contains("/api/models/{id}/optimize", paths);
        Assert.Equal("X-Api-Key", doc["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("Chokepoint API", doc["info"]!["title"]!.GetValue<string>());
        // The bodies the endpoints read themselves are described, with examples to try out.
        Assert.NotNull(doc["paths"]!["/api/models/{id}"]!["post"]!["requestBody"]!["content"]!["application/yaml"]);
        Assert.Equal(5e9, doc["paths"]!["/api/models/{id}/optimize"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!["budget"]!.GetValue<double>());
        Assert.Equal("Analyses", doc["paths"]!["/api/compare"]!["post"]!["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_interactive_api_reference_is_served_from_the_bundled_swagger_ui()
    {
        Bundle.Require();
        await using var service = await Start();
        var page = await service.Client.GetAsync("/api-docs/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui-bundle.js", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/lib/swagger-ui/swagger-ui-bundle.js", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Compare_answers_like_the_command_line_and_says_which_model_is_wrong()
    {
        await using var service = await Start();
        var response = await service.PostJson("/api/compare",
            """{"models": ["guangdong-huawei", {"id": "korea-samsung", "version": 1}], "reach": true}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await Json(response))["rows"]!.AsArray();
        Assert.Equal(["guangdong-huawei", "korea-samsung"], rows.Select(r => r!["model"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.True(r!["reach"]!.GetValue<bool>()));
        Assert.Equal("guangdong-huawei@1, korea-samsung@1", response.Headers.GetValues("Chokepoint-Models").Single());

        var crossed = await Json(await service.PostJson("/api/compare",
            """{"models": ["guangdong-huawei", "korea-samsung"], "homes": ["CN-GD", "KR", "IN"]}"""));
        Assert.Equal(6, crossed["rows"]!.AsArray().Count);

        var foreignHome = await service.PostJson("/api/compare", """{"models": ["korea-samsung"], "homes": ["XX"]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignHome.StatusCode);
        var noKey = await service.PostJson("/api/compare", """{"models": ["korea-samsung"]}""", key: null);
        Assert.Equal(HttpStatusCode.OK, noKey.StatusCode);
    }

    [Fact]
    public async Task Optimize_answers_like_the_command_line_directly_and_as_a_job()
    {
        await using var service = await Start();
        const string parameters = """{"budget": 5e9, "frontier": true, "no_standing": true}""";
        var directText = await (await service.PostJson("/api/models/guangdong-huawei/optimize", parameters)).Content.ReadAsStringAsync(Cancel);
        var direct = JsonNode.Parse(directText)!;
        Assert.Equal(["eda"], direct["plan"]!.AsArray().Select(a => a!["component"]!.GetValue<string>()));
        Assert.Equal(1, direct["before"]!["smallest_coalition"]!.GetValue<int>());
        Assert.Equal(2, direct["after"]!["smallest_coalition"]!.GetValue<int>());
        Assert.True(direct["optimal"]!.GetValue<bool>());

        var started = await service.PostJson("/api/models/guangdong-huawei/jobs/optimize", parameters);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await WaitForRun(service, (await Json(started))["run"]!.GetValue<long>());
        Assert.Equal("done", run["status"]!.GetValue<string>());
        Assert.Equal(Approvals.Shared("verb-optimize-json"), directText);
        Assert.Equal(directText, Formats.Results.Json.Text(run["result"]!));

        var unsolvable = await service.PostJson("/api/models/guangdong-huawei/optimize", """{"budget": 1, "objective": "capacity"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsolvable.StatusCode);
        Assert.Equal("scenarios", (await Json(unsolvable))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recover_leverage_and_diff_answer_like_the_command_line()
    {
        await using var service = await Start();
        var recover = await Json(await service.PostJson("/api/models/guangdong-huawei/recover",
            """{"scenario": "us-tool-and-eda-controls", "months": 72, "no_standing": true}"""));
        Assert.Equal(24, recover["first_cut_month"]!.GetValue<int>());
        Assert.Equal(53, recover["recovery_month"]!.GetValue<int>());

        var leverage = await Json(await service.PostJson("/api/models/guangdong-huawei/leverage",
            """{"homes": ["CN-GD", "US", "NL"]}"""));
        Assert.Equal(6, leverage["cells"]!.AsArray().Count);

        await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable), Cancel);
        await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", File.ReadAllText(Path.Combine(TestPaths.TestModels, "valid", "cuttable-v2.yaml"))), Cancel);
        var diffed = await service.PostJson("/api/models/cuttable/diff", "{}");
        var diff = await Json(diffed);
        Assert.Equal("cuttable@1, cuttable@2", diffed.Headers.GetValues("Chokepoint-Models").Single());
        Assert.Equal(["duv-scanner", "eda"], diff["providers"]!.AsArray().Select(p => p!["component"]!.GetValue<string>()));
        var lone = await service.PostJson("/api/models/india-phone/diff", "{}");
        Assert.Equal(HttpStatusCode.NotFound, lone.StatusCode);
    }

    private static async Task<JsonNode> WaitForRun(TestService service, long id)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await Json(await service.Client.GetAsync($"/api/runs/{id}", Cancel));
            if (run["status"]!.GetValue<string>() != "running")
            {
                return run;
            }

            await Task.Delay(100, Cancel);
        }

        throw new TimeoutException($"run {id} still running");
    }

    [Fact]
    public async Task A_leverage_job_runs_in_the_background_and_ends_with_the_same_result()
    {
        await using var service = await Start();
        const string parameters = """{"homes": ["CN-GD", "US", "NL", "JP"]}""";
        var started = await service.PostJson("/api/models/guangdong-huawei/jobs/leverage", parameters);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await WaitForRun(service, (await Json(started))["run"]!.GetValue<long>());
        Assert.Equal("done", run["status"]!.GetValue<string>());
        var direct = await (await service.PostJson("/api/models/guangdong-huawei/leverage", parameters)).Content.ReadAsStringAsync(Cancel);
        Assert.Equal(direct, Formats.Results.Json.Text(run["result"]!));
    }

    [Fact]
    public async Task A_cancelled_monte_carlo_job_ends_as_cancelled_with_the_samples_so_far()
    {
        await using var service = await Start();
        var started = await service.PostJson("/api/models/guangdong-huawei/jobs/scenario-samples",
            """{"scenario": "us-tool-and-eda-controls", "samples": 2000000}""");
        var id = (await Json(started))["run"]!.GetValue<long>();
        // Cancel once the job reports its first batch, rather than after a fixed sleep (which could land before any sample).
        for (var i = 0; (await Json(await service.Client.GetAsync($"/api/runs/{id}", Cancel)))["progress"]?["done"]?.GetValue<int>() is not > 0; i++)
        {
            Assert.True(i < 1200, "the job reported no progress within 2 minutes");
            await Task.Delay(100, Cancel);
        }

        var cancel = await service.Client.SendAsync(service.Request(HttpMethod.Delete, $"/api/runs/{id}"), Cancel);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await WaitForRun(service, id);
        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        Assert.Equal(Jobs.JobRunner.CancelledWithResult, run["error"]!.GetValue<string>());
        var samples = run["result"]!["samples"]!;
        Assert.False(samples["complete"]!.GetValue<bool>());
        var done = samples["done"]!.GetValue<int>();
        Assert.InRange(done, 1, 2_000_000 - 1);
        Assert.Equal(0, done % Analysis.Uncertainty.MonteCarlo.BatchSize);

        // The service writes the same bands as the command line: mean and per-component capacity included.
        var bands = run["result"]!;
        Assert.NotNull(bands["target_capacity"]!["mean"]);
        Assert.NotNull(bands["capacity"]![bands["capacity"]!.AsObject().First().Key]!["p50"]);
    }

    [Fact]
    public async Task Concurrent_saves_and_analyses_leave_a_consistent_store()
    {
        await using var service = await Start();
        const int saves = 40, analyses = 16;
        var writes = Enumerable.Range(0, saves).Select(i => service.Client.SendAsync(
            service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable.Replace("0.96", $"0.9{i % 10}", StringComparison.Ordinal)), Cancel));
        var reads = Enumerable.Range(0, analyses).Select(_ => service.Client.SendAsync(
            service.Request(HttpMethod.Post, "/api/models/guangdong-huawei/chokepoints", """{"target": "euv-scanner"}""", contentType: "application/json"), Cancel));
        var responses = await Task.WhenAll(writes.Concat(reads));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode} {r.RequestMessage!.RequestUri}"));

        // Every save got its own version, numbered 1..40 without gaps or repeats, and each is readable.
        var versions = new List<int>();
        foreach (var r in responses.Take(saves))
        {
            versions.Add((await Json(r))["version"]!.GetValue<int>());
        }

        Assert.Equal(Enumerable.Range(1, saves), versions.Order());
        for (var v = 1; v <= saves; v++)
        {
            Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(service.Request(HttpMethod.Get, $"/api/models/cuttable/versions/{v}"), Cancel)).StatusCode);
        }

        var runs = (await Json(await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/runs?model=guangdong-huawei"), Cancel))).AsArray();
        Assert.Equal(analyses, runs.Count);
        Assert.All(runs, r => Assert.Equal("done", r!["status"]!.GetValue<string>()));
        Assert.Equal(analyses, runs.Select(r => r!["id"]!.GetValue<long>()).Distinct().Count());
    }

    [Fact]
    public async Task The_structure_gives_the_layer_order_and_each_components_place_toward_the_target()
    {
        await using var service = await Start();
        var structure = await Json(await service.Client.GetAsync("/api/models/guangdong-huawei/structure", Cancel));
        var components = structure["components"]!.AsArray().Select(c => c!.AsObject()).ToList();
        int Number(string id) => components.FindIndex(c => c["id"]!.GetValue<string>() == id);
        int[] Numbers(JsonNode? list) => list!.AsArray().Select(n => n!.GetValue<int>()).ToArray();

        // The layers in the reports' order: raw materials first, each layer once.
        var layers = structure["layers"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(["material", "equipment", "eda"], layers.Take(3));
        Assert.Equal(components.Select(c => c["layer"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal), layers.Order(StringComparer.Ordinal));
        Assert.True(layers.IndexOf("fabrication") < layers.IndexOf("device"));

        // The first target, named and numbered.
        Assert.Equal("huawei-ai-phone", structure["target"]!["id"]!.GetValue<string>());
        var target = structure["target"]!["index"]!.GetValue<int>();
        Assert.Equal("mate-ai-phone", components[target]["id"]!.GetValue<string>());
        Assert.Null(components[target]["path_to_target"]);
        Assert.True(components[target].ContainsKey("path_to_target"));

        // The EUV scanner's inputs and users are component numbers, its providers produce in NL (ASML's headquarters).
        var euv = components[Number("euv-scanner")];
        Assert.Equal([Number("euv-light-source"), Number("lithography-optics")], Numbers(euv["inputs"]));
        Assert.Equal(["NL"], euv["production_jurisdictions"]!.AsArray().Select(j => j!.GetValue<string>()));
        Assert.All(Numbers(euv["used_by"]), u => Assert.Contains(Number("euv-scanner"), Numbers(components[u]["inputs"])));

        // Every component the target needs points one step up a requires edge toward it, and the chain ends there.
        foreach (var (c, i) in components.Select((c, i) => (c, i)).Where(x => x.c.ContainsKey("path_to_target") && x.i != target))
        {
            var steps = 0;
            for (var x = i; x != target; x = components[x]["path_to_target"]!.GetValue<int>(), steps++)
            {
                Assert.Contains(components[x]["path_to_target"]!.GetValue<int>(), Numbers(components[x]["needed_by"]));
                Assert.True(steps < components.Count, "the chain to the target loops");
            }

            Assert.All(Numbers(c["needed_by"]), u => Assert.Contains(u, Numbers(c["used_by"])));
        }

        // Another target by id or component; an unknown one is a 422 that names it.
        var toEuv = await Json(await service.Client.GetAsync("/api/models/guangdong-huawei/structure?target=euv-scanner", Cancel));
        Assert.Equal(Number("euv-scanner"), toEuv["target"]!["index"]!.GetValue<int>());
        Assert.False(toEuv["components"]![Number("mate-ai-phone")]!.AsObject().ContainsKey("path_to_target"));
        Assert.Equal(Number("euv-scanner"), toEuv["components"]![Number("lithography-optics")]!["path_to_target"]!.GetValue<int>());
        var unknown = await service.Client.GetAsync("/api/models/guangdong-huawei/structure?target=nope", Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("'nope'", (await Json(unknown))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_structure_is_the_model_as_json_and_unknown_things_are_404()
    {
        await using var service = await Start();
        var structure = await Json(await service.Client.GetAsync("/api/models/guangdong-huawei/structure", Cancel));
        Assert.Equal("chokepoint/v1", structure["schema"]!.GetValue<string>());
        Assert.Contains(structure["components"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "euv-scanner");

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/models/nope/structure"),
            (HttpMethod.Get, "/api/models/nope"),
            (HttpMethod.Post, "/api/models/nope/analyze"),
            (HttpMethod.Post, "/api/models/guangdong-huawei/jobs/nope"),
            (HttpMethod.Get, "/api/runs/999999"),
            (HttpMethod.Delete, "/api/runs/999999"),
        })
        {
            var response = await service.Client.SendAsync(service.Request(method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{}", contentType: "application/json"), Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Reads_can_be_closed_so_that_they_need_a_key_too()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using var service = await Start(dir, o => o with { OpenReads = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync("/api/runs", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models", key: "nope"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models"), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Keys_stored_hashed_in_the_database_open_writes_too()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        var key = await (await OpenStore(dir)).AddKeyAsync("analyst", Cancel);
        foreach (var file in Directory.GetFiles(dir, "store.db*"))
        {
            // The key itself is never written, only its hash (the write-ahead log included).
            Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal);
        }

        await using var service = await Start(dir, o => o with { ApiKey = null });
        var ok = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable, key: key), Cancel);
        var wrong = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", Cuttable, key: key + "x"), Cancel);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }
}

/// <summary>The API over the default store, a SQLite file.</summary>
public sealed class SqliteApiTests : ApiTests
{
    protected override ServerOptions Options(string directory) =>
        new() { DatabasePath = Path.Combine(directory, "store.db"), ApiKey = TestService.Key, ExamplesFolder = TestPaths.Examples };
}

/// <summary>
/// The API over PostgreSQL: the server that test.sh starts on 127.0.0.1 (CHOKEPOINT_TEST_POSTGRES),
/// one schema per test. Without it the tests are skipped, or fail under CI=true.
/// </summary>
public sealed class PostgresApiTests : ApiTests
{
    protected override ServerOptions Options(string directory) => new()
    {
        PostgresConnectionString = TestPostgres.ConnectionFor(directory, "t"),
        ApiKey = TestService.Key,
        ExamplesFolder = TestPaths.Examples,
    };
}

/// <summary>
/// The API over <see cref="InMemoryStore"/>: one store per directory, so that a test that starts the
/// service twice on one directory finds what the first left.
/// </summary>
public sealed class InMemoryApiTests : ApiTests
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, InMemoryStore> _stores = new(StringComparer.Ordinal);

    protected override ServerOptions Options(string directory) =>
        new() { DatabasePath = Path.Combine(directory, "unused.db"), ApiKey = TestService.Key, ExamplesFolder = TestPaths.Examples };

    protected override IStore GivenStore(string directory) => _stores.GetOrAdd(directory, _ => new InMemoryStore());

    [Fact]
    public async Task The_service_keeps_everything_in_the_given_store_and_writes_no_file()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using var service = await Start(dir);
        var cuttable = File.ReadAllText(Path.Combine(TestPaths.TestModels, "valid", "cuttable.yaml"));
        var saved = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/models/cuttable", cuttable), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Contains("0.96", (await _stores[dir].GetModelAsync("cuttable", cancel: TestContext.Current.CancellationToken))!.Text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
