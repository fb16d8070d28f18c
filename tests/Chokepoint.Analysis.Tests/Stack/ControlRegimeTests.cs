using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using static Chokepoint.Analysis.Tests.ModelBuilder;

namespace Chokepoint.Analysis.Tests.Stack;

/// <summary>One readable example per rule of DESIGN.md section 2a, for a Guangdong home.</summary>
public sealed class ControlRegimeTests
{
    private const string Home = "CN-GD";

    private static StackModel Declaring(StackModel model, string jurisdiction, ReachRule? rule = null, bool noReach = false) => model with
    {
        Jurisdictions = model.Jurisdictions.Select(j => j.Id == jurisdiction ? j with { Reach = rule, NoReach = noReach } : j).ToList(),
    };

    private static CompiledStack Compile(StackModel model, string target, bool reach = false, double deMinimis = 0.25, bool standing = true, IReadOnlyList<string>? friendly = null, EventKind events = EventKind.Jurisdictions) =>
        new(Perspective.Create(model, new PerspectiveOptions { Home = Home, Reach = reach, DeMinimis = deMinimis, Standing = standing, Friendly = friendly ?? [], Events = events }), target);

    private static StackState Under(CompiledStack stack, params string[] restricting) =>
        stack.Evaluate(stack.Perspective.Events.Select(restricting.Contains).ToArray());

    private static bool Available(CompiledStack stack, StackState state, string id) => state.Available[stack.IndexOf(id)];

    private static double Capacity(CompiledStack stack, StackState state, string id) => state.Capacity[stack.IndexOf(id)];

    private static List<string> CutSets(CompiledStack stack, string target) =>
        CutSetAnalysis.Run(stack, stack.IndexOf(target)).Sets.Select(s => s.ToString()).ToList();

    [Fact]
    public void Ownership_covers_a_foreign_produced_provider_of_a_controlled_firm_but_not_a_domestic_one()
    {
        var model = Base(C("chip", "chip", null, new Provider { Org = "nxp", Jurisdiction = "JP", Share = 0.4 }, new Provider { Org = "nxp", Jurisdiction = "CN", Share = 0.6 })) with
        {
            Organizations = [new Organization { Id = "nxp", Hq = "NL", ControlledBy = "US" }],
        };
        var stack = Compile(model, "chip");

        // US controls nxp, so it is an event although nothing is produced there; NL, the headquarters, is not.
        Assert.Equal(["JP", "US"], stack.Perspective.Events);
        var state = Under(stack, "US");
        Assert.True(Available(stack, state, "chip"));
        Assert.Equal(0.6, Capacity(stack, state, "chip"), 12);
        Assert.Equal(1.0, Capacity(stack, Under(stack), "chip"), 12);
    }

    [Fact]
    public void Headquarters_alone_imply_no_control()
    {
        var model = Base(C("tool", "equipment", null, new Provider { Org = "asml", Jurisdiction = "JP", Share = 1.0 }));
        var stack = Compile(model, "tool");

        Assert.Equal(["JP"], stack.Perspective.Events);
        Assert.Equal(["{JP}"], CutSets(stack, "tool"));
    }

    [Fact]
    public void Ownership_counts_in_the_covered_share_that_brings_a_rule_to_bear()
    {
        var model = Base(
            C("tool", "equipment", null, new Provider { Org = "nxp", Jurisdiction = "JP", Share = 0.3 }, In("JP", 0.7)),
            C("fab", "fabrication", [Needs("tool")], In("NL", 1.0))) with
        {
            Organizations = [new Organization { Id = "nxp", Hq = "NL", ControlledBy = "US" }],
        };
        var stack = Compile(model, "fab", reach: true);

        Assert.False(Available(stack, Under(stack, "US"), "fab"));
        Assert.True(Available(stack, Under(stack, "US"), "tool"));
    }

    [Fact]
    public void A_declared_rule_with_layers_ignores_inputs_of_other_layers()
    {
        var model = Declaring(
            Base(
                C("tool", "equipment", null, In("US", 1.0)),
                C("eda", "eda", null, In("US", 1.0)),
                C("fab-with-tool", "fabrication", [Needs("tool")], In("JP", 1.0)),
                C("fab-with-eda", "fabrication", [Needs("eda")], In("JP", 1.0))),
            "US",
            new ReachRule { DeMinimis = 0.25, Layers = ["equipment"] });
        var stack = Compile(model, "fab-with-tool", reach: true);
        var state = Under(stack, "US");

        Assert.False(Available(stack, state, "fab-with-tool"));
        Assert.True(Available(stack, state, "fab-with-eda"));
    }

    [Fact]
    public void De_minimis_zero_catches_any_positive_share_but_not_a_zero_share()
    {
        var model = Declaring(
            Base(
                C("tool-a", "equipment", null, In("US", 0.01), In("JP", 0.99)),
                C("tool-b", "equipment", null, In("US", 0.0), In("JP", 1.0)),
                C("fab-a", "fabrication", [Needs("tool-a")], In("NL", 1.0)),
                C("fab-b", "fabrication", [Needs("tool-b")], In("NL", 1.0))),
            "US",
            new ReachRule { DeMinimis = 0 });
        var stack = Compile(model, "fab-a", reach: true);
        var state = Under(stack, "US");

        Assert.False(Available(stack, state, "fab-a"));
        Assert.True(Available(stack, state, "fab-b"));
    }

    [Fact]
    public void A_jurisdiction_declaring_reach_false_has_no_reach_in_a_run_with_reach_while_one_declaring_nothing_uses_the_run_s_rule()
    {
        var model = Declaring(
            Base(
                C("us-tool", "equipment", null, In("US", 1.0)),
                C("nl-tool", "equipment", null, In("NL", 1.0)),
                C("fab-us", "fabrication", [Needs("us-tool")], In("JP", 1.0)),
                C("fab-nl", "fabrication", [Needs("nl-tool")], In("JP", 1.0))),
            "US",
            noReach: true);
        var stack = Compile(model, "fab-us", reach: true);

        Assert.True(Available(stack, Under(stack, "US"), "fab-us"));
        Assert.False(Available(stack, Under(stack, "NL"), "fab-nl"));
    }

    [Fact]
    public void A_scoped_control_loses_only_the_components_in_its_scope()
    {
        var model = Base(C("fab", "fabrication", null, In("US", 1.0)), C("os", "os", null, In("US", 1.0))) with
        {
            Controls = [new Control { Name = "fab-ban", By = "US", ScopeLayers = ["fabrication"] }],
        };
        var stack = Compile(model, "fab");

        Assert.Equal(["fab-ban"], stack.ControlsInForce.Select(k => k.Name));
        var today = Under(stack);
        Assert.False(Available(stack, today, "fab"));
        Assert.True(Available(stack, today, "os"));
        var withoutControls = Compile(model, "fab", standing: false);
        Assert.Empty(withoutControls.ControlsInForce);
        Assert.True(Available(withoutControls, Under(withoutControls), "fab"));
    }

    [Fact]
    public void A_control_with_its_own_rule_reaches_within_its_scope_whatever_the_run_s_reach()
    {
        var model = Base(
            C("tool", "equipment", null, In("US", 0.1), In("JP", 0.9)),
            C("fab", "fabrication", [Needs("tool")], In("NL", 1.0)),
            C("app", "app", [Needs("tool")], In("NL", 1.0))) with
        {
            Controls = [new Control { Name = "fdpr", By = "US", ScopeLayers = ["fabrication"], Reach = new ReachRule { DeMinimis = 0 } }],
        };
        var stack = Compile(model, "fab", reach: false);
        var today = Under(stack);

        Assert.False(Available(stack, today, "fab"));
        Assert.True(Available(stack, today, "app"));
        Assert.True(Available(stack, today, "tool"));
    }

    [Fact]
    public void A_control_using_the_declared_rule_of_a_jurisdiction_that_declares_none_uses_a_quarter_not_the_run_s_de_minimis()
    {
        var model = Base(
            C("tool", "equipment", null, In("US", 0.2), In("JP", 0.8)),
            C("fab", "fabrication", [Needs("tool")], In("NL", 1.0))) with
        {
            Controls = [new Control { Name = "declared", By = "US", DeclaredReach = true }],
        };
        var stack = Compile(model, "fab", reach: true, deMinimis: 0.1);

        Assert.True(Available(stack, Under(stack), "fab"));
        Assert.False(Available(stack, Under(stack, "US"), "fab"));
    }

    [Fact]
    public void Controls_alone_cutting_the_target_leave_only_the_empty_coalition()
    {
        var model = Base(C("phone", "device", null, In("US", 1.0))) with
        {
            Targets = [new Target { Id = "ai-phone", Component = "phone" }],
            Controls = [new Control { Name = "entity-list", By = "US", Targets = ["ai-phone"] }],
        };
        var stack = Compile(model, "phone");

        Assert.Equal(["{}"], CutSets(stack, "phone"));
        Assert.Equal(1, (int)CutSetAnalysis.Run(stack, stack.IndexOf("phone")).Count);
        Assert.Equal(["{US}"], CutSets(Compile(model, "phone", standing: false), "phone"));
    }

    [Fact]
    public void A_control_on_another_target_is_not_in_force()
    {
        var model = Base(C("phone", "device", null, In("US", 1.0)), C("car", "device", null, In("US", 1.0))) with
        {
            Targets = [new Target { Id = "ai-phone", Component = "phone" }, new Target { Id = "car", Component = "car" }],
            Controls = [new Control { Name = "entity-list", By = "US", Targets = ["car"] }],
        };
        var stack = Compile(model, "phone");

        Assert.Empty(stack.ControlsInForce);
        Assert.Equal(["{US}"], CutSets(stack, "phone"));
    }

    [Fact]
    public void A_control_by_a_friendly_or_domestic_jurisdiction_is_not_in_force()
    {
        var model = Base(C("phone", "device", null, In("US", 1.0), In("CN", 0.5))) with
        {
            Controls = [new Control { Name = "us", By = "US" }, new Control { Name = "cn", By = "CN" }],
        };

        Assert.Equal(["us"], Compile(model, "phone").ControlsInForce.Select(k => k.Name));
        Assert.Empty(Compile(model, "phone", friendly: ["US"]).ControlsInForce);
    }

    [Fact]
    public void A_jurisdiction_with_a_scoped_control_restricts_everything_once_it_is_in_the_coalition()
    {
        var model = Base(C("phone", "device", null, In("US", 1.0))) with
        {
            Controls = [new Control { Name = "fab-ban", By = "US", ScopeLayers = ["fabrication"] }],
        };
        var stack = Compile(model, "phone");

        Assert.True(Available(stack, Under(stack), "phone"));
        Assert.Equal(["{US}"], CutSets(stack, "phone"));
    }

    [Fact]
    public void A_firm_s_domestic_production_does_not_count_toward_its_share_of_an_input()
    {
        // Firm smic (headquartered in CN) produces the tool at home and something else abroad, so it is an
        // event; losing it keeps its domestic tool production, which is not its restriction to give.
        var model = Base(
            C("tool", "equipment", null, Org("smic", 0.5), In("CN", 0.5)),
            C("wafer", "material", null, new Provider { Org = "smic", Jurisdiction = "US", Share = 1.0 }),
            C("chip", "chip", [Needs("tool")], In("JP", 1.0)));
        var stack = Compile(model, "chip", reach: true, events: EventKind.Firms);

        Assert.Equal(["smic"], stack.Perspective.Events);
        var state = Under(stack, "smic");
        Assert.Equal(1.0, Capacity(stack, state, "tool"), 12);
        Assert.True(Available(stack, state, "chip"));
    }
}
