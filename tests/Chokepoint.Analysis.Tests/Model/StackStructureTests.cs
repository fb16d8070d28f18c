using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Tests.Stack;
using CsCheck;
using static Chokepoint.Analysis.Tests.ModelBuilder;

namespace Chokepoint.Analysis.Tests.Model;

public sealed class StackStructureTests
{
    // By component number: 0 phone, 1 soc, 2 os, 3 fab, 4 duv, 5 euv, 6 eda, 7 orphan.
    // The phone needs eda directly as well as through fab and soc; nothing needs the orphan.
    private static readonly StackModel Phone = Base(
        C("phone", "device", [Needs("soc"), Needs("os"), Needs("eda")], Org("huawei", 0.1)),
        C("soc", "chip", [Needs("fab")], Org("huawei", 0.2)),
        C("os", "os", null, In("US", 0.7), Org("huawei", 0.3)),
        C("fab", "fabrication", [new AnyOfRequirement(["duv", "euv"]), Needs("eda")], Org("smic", 0.05)),
        C("duv", "equipment", null, Org("asml", 0.6), In("JP", 0.35), new Provider { Share = 0.05 }),
        C("euv", "equipment", null, Org("asml", 1.0)),
        C("eda", "eda", null, In("US", 0.96)),
        C("orphan", "material", [Needs("eda")], In("CN-GD", 1.0))) with
    {
        Targets = [new Target { Id = "ai-phone", Component = "phone" }],
    };

    [Fact]
    public void Layers_come_in_the_order_every_report_uses()
    {
        var structure = StackStructure.Of(new ModelIndex(Phone), null);
        Assert.Equal(["material", "equipment", "eda", "fabrication", "chip", "device", "os"], structure.Layers);
    }

    [Fact]
    public void Inputs_users_and_alternatives_are_component_numbers()
    {
        var places = StackStructure.Of(new ModelIndex(Phone), null).Components;
        Assert.Equal([1, 2, 6], places[0].Inputs);
        Assert.Equal([4, 5, 6], places[3].Inputs);
        Assert.Equal([4, 5], places[3].AlternativeInputs);
        Assert.Empty(places[0].AlternativeInputs);
        Assert.Equal([0, 3, 7], places[6].UsedBy);
        Assert.Empty(places[0].UsedBy);
    }

    [Fact]
    public void The_needed_by_set_leaves_out_users_the_target_does_not_need()
    {
        var places = StackStructure.Of(new ModelIndex(Phone), null).Components;
        Assert.Equal([0, 3], places[6].NeededBy);
        Assert.True(places[6].NeededByTarget);
        Assert.False(places[7].NeededByTarget);
        Assert.Empty(places[7].NeededBy);
        Assert.True(places[0].NeededByTarget);
        Assert.Empty(places[0].NeededBy);
    }

    [Fact]
    public void Paths_to_the_target_are_the_shortest_chains()
    {
        var structure = StackStructure.Of(new ModelIndex(Phone), "ai-phone");
        Assert.Equal("ai-phone", structure.TargetId);
        Assert.Equal(0, structure.Target);
        Assert.Equal([4, 3, 1, 0], structure.PathToTarget(4));
        Assert.Equal([6, 0], structure.PathToTarget(6));
        Assert.Equal([0], structure.PathToTarget(0));
        Assert.Empty(structure.PathToTarget(7));
        Assert.Equal(0, structure.Components[6].NextTowardTarget);
        Assert.Equal(-1, structure.Components[0].NextTowardTarget);
        Assert.Equal(-1, structure.Components[7].NextTowardTarget);
    }

    [Fact]
    public void Production_jurisdictions_follow_the_providers_and_default_to_the_headquarters()
    {
        var places = StackStructure.Of(new ModelIndex(Phone), null).Components;
        Assert.Equal(["NL", "JP", null], places[4].ProductionJurisdictions);
        Assert.Equal(["US", "CN-GD"], places[2].ProductionJurisdictions);
    }

    [Fact]
    public void A_component_can_be_the_target_and_a_model_without_targets_has_none()
    {
        var toFab = StackStructure.Of(new ModelIndex(Phone), "fab");
        Assert.Equal("fab", toFab.TargetId);
        Assert.Equal([4, 3], toFab.PathToTarget(4));
        Assert.False(toFab.Components[0].NeededByTarget);

        var none = StackStructure.Of(new ModelIndex(Phone with { Targets = [] }), null);
        Assert.Null(none.TargetId);
        Assert.Equal(-1, none.Target);
        Assert.All(none.Components, p => Assert.False(p.NeededByTarget));
        Assert.Throws<PerspectiveException>(() => StackStructure.Of(new ModelIndex(Phone), "nope"));
    }

    [Fact]
    public void A_preferred_user_wins_a_tie_between_shortest_chains()
    {
        // 0 target requires 1 and 2, both require 3: two chains of the same length from 3.
        IReadOnlyList<IReadOnlyList<int>> inputs = [[1, 2], [3], [3], []];
        Assert.Equal([3, 1, 0], PathsToTarget.Build(inputs, 0).From(3));
        Assert.Equal([3, 2, 0], PathsToTarget.Build(inputs, 0, c => c == 2).From(3));
    }

    [Fact]
    public void Every_path_is_a_chain_of_requires_edges_as_short_as_a_search_from_the_component_finds() =>
        RandomStacks.Model(maxComponents: 30).Sample(model =>
        {
            var structure = StackStructure.Of(new ModelIndex(model), null);
            var target = structure.Target;
            for (var c = 0; c < model.Components.Count; c++)
            {
                var path = structure.PathToTarget(c);
                var shortest = ShortestUpward(structure, c, target);
                Assert.Equal(shortest, path.Count == 0 ? -1 : path.Count - 1);
                Assert.Equal(shortest >= 0, structure.Components[c].NeededByTarget);
                for (var i = 0; i + 1 < path.Count; i++)
                {
                    Assert.Contains(path[i], structure.Components[path[i + 1]].Inputs);
                }
            }
        }, iter: 200);

    /// <summary>The oracle: a breadth-first search up the users from one component; -1 when the target is not reached.</summary>
    private static int ShortestUpward(StackStructure structure, int from, int target)
    {
        var distance = new Dictionary<int, int> { [from] = 0 };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            if (c == target)
            {
                return distance[c];
            }

            foreach (var u in structure.Components[c].UsedBy)
            {
                if (distance.TryAdd(u, distance[c] + 1))
                {
                    queue.Enqueue(u);
                }
            }
        }

        return -1;
    }
}
