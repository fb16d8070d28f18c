using System.Text.RegularExpressions;

namespace Chokepoint.Testing;

/// <summary>
/// One request to a verb, written for both adapters: the command line's arguments, and the
/// service's endpoint and JSON body. The command line's output is kept as an approved file
/// (<c>tests/Shared/Approved/verb-NAME-json.approved.txt</c> and the text version); the service's
/// answer to the same request must be that approved file, byte for byte.
/// </summary>
internal sealed record VerbCase(string Name, string[] Cli, string? ApiPath = null, string? ApiBody = null, (string Id, string File)[]? Stored = null)
{
    /// <summary>Models the case reads that are not among the shipped examples, stored before the request, in order (a second entry of one id makes version 2).</summary>
    public (string Id, string File)[] Stored { get; init; } = Stored ?? [];

    public override string ToString() => Name;

    private static string Example(string name) => Path.Combine(TestPaths.Examples, name);

    private static string Model(string name) => Path.Combine(TestPaths.TestModels, "valid", name);

    public static readonly IReadOnlyList<VerbCase> All =
    [
        new("analyze", ["analyze", Example("guangdong-huawei.yaml")], "/api/models/guangdong-huawei/analyze", "{}"),
        new("analyze-probabilities", ["analyze", Model("cuttable.yaml"), "--reach", "--prob", "US=0.3,NL=20%"], "/api/models/cuttable/analyze", """{"reach": true, "prob": {"US": 0.3, "NL": 0.2}}""", [("cuttable", Model("cuttable.yaml"))]),
        new("analyze-samples", ["analyze", Model("cuttable.yaml"), "--samples", "64", "--seed", "7"], "/api/models/cuttable/analyze", """{"samples": 64, "seed": 7}""", [("cuttable", Model("cuttable.yaml"))]),
        new("analyze-firms", ["analyze", Model("design-example.yaml"), "--events", "firms"], "/api/models/design-example/analyze", """{"events": "firms"}""", [("design-example", Model("design-example.yaml"))]),
        new("chokepoints", ["chokepoints", Example("guangdong-huawei.yaml"), "--target", "euv-scanner", "--max-order", "2"], "/api/models/guangdong-huawei/chokepoints", """{"target": "euv-scanner", "max_order": 2}"""),
        new("chokepoints-firms", ["chokepoints", Model("design-example.yaml"), "--events", "firms", "--target", "euv-scanner"], "/api/models/design-example/chokepoints", """{"events": "firms", "target": "euv-scanner"}""", [("design-example", Model("design-example.yaml"))]),
        new("leverage", ["leverage", Example("guangdong-huawei.yaml"), "--homes", "CN-GD,US,NL,JP"], "/api/models/guangdong-huawei/leverage", """{"homes": ["CN-GD", "US", "NL", "JP"]}"""),
        new("compare", ["compare", Example("guangdong-huawei.yaml"), Example("korea-samsung.yaml")], "/api/compare", """{"models": ["guangdong-huawei", "korea-samsung"]}"""),
        new("compare-homes", ["compare", Example("india-phone.yaml"), "--homes", "IN,US"], "/api/compare", """{"models": ["india-phone"], "homes": ["IN", "US"]}"""),
        new("scenario-saved", ["scenario", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls"], "/api/models/guangdong-huawei/scenario", """{"scenario": "us-tool-and-eda-controls"}"""),
        new("scenario-scoped", ["scenario", Example("guangdong-huawei.yaml"), "--restrict", "US", "--scope", "layer=eda"], "/api/models/guangdong-huawei/scenario", """{"restrict": ["US"], "scope": {"layers": ["eda"]}}"""),
        new("scenario-samples", ["scenario", Model("cuttable.yaml"), "--restrict", "US", "--samples", "64"], "/api/models/cuttable/scenario", """{"restrict": ["US"], "samples": 64}""", [("cuttable", Model("cuttable.yaml"))]),
        new("recover", ["recover", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls", "--months", "72"], "/api/models/guangdong-huawei/recover", """{"scenario": "us-tool-and-eda-controls", "months": 72}"""),
        new("diff", ["diff", Model("cuttable.yaml"), Model("cuttable-v2.yaml")], "/api/models/cuttable/diff", "{}", [("cuttable", Model("cuttable.yaml")), ("cuttable", Model("cuttable-v2.yaml"))]),
        new("optimize", ["optimize", Example("guangdong-huawei.yaml"), "--budget", "5e9", "--frontier", "--no-standing"], "/api/models/guangdong-huawei/optimize", """{"budget": 5e9, "frontier": true, "no_standing": true}"""),
        new("optimize-controls", ["optimize", Example("guangdong-huawei.yaml"), "--budget", "5e9"], "/api/models/guangdong-huawei/optimize", """{"budget": 5e9}"""),
        new("analyze-no-standing", ["analyze", Example("guangdong-huawei.yaml"), "--no-standing"], "/api/models/guangdong-huawei/analyze", """{"no_standing": true}"""),
        new("validate", ["validate", Model("cuttable.yaml")], "/api/validate", null, null),
        new("show", ["show", Model("design-example.yaml")]),
        new("export-dot", ["export", "dot", Model("cuttable.yaml")]),
        new("export-mef", ["export", "mef", Model("cuttable.yaml")]),
        new("generate", ["generate", "--components", "30", "--jurisdictions", "4", "--seed", "2"]),
        new("fault-tree", ["fault-tree", Path.Combine(TestPaths.TestModels, "mef", "small.xml")]),
        new("fault-tree-limited", ["fault-tree", Path.Combine(TestPaths.TestModels, "mef", "small.xml"), "--limit-order", "1", "--no-cut-sets"]),
        new("import-cyclonedx", ["import", "cyclonedx", Path.Combine(TestPaths.TestModels, "sbom", "device.cdx.json"), "--home", "DE"]),
        new("import-table", ["import", "table", Path.Combine(TestPaths.TestModels, "tables", "suppliers.csv"), "--home", "CN-GD"]),
        new("export-table", ["export", "table", Model("cuttable.yaml")]),
    ];

    /// <summary>Replaces what differs from machine to machine (the repository's path, the time taken) with fixed tokens.</summary>
    public static string Scrub(string text) => Regex.Replace(
        Regex.Replace(text.Replace(TestPaths.RepoRoot, "<repo>", StringComparison.Ordinal), "\"seconds\": [0-9.]+", "\"seconds\": 0"),
        "Time: [0-9.]+ s", "Time: 0 s");
}
