using Chokepoint.Logic.Graph;
using CsCheck;

namespace Chokepoint.Logic.Tests.Graph;

public sealed class DepthFirstTests
{
    [Fact]
    public void Finished_nodes_come_after_everything_they_lead_to_on_random_acyclic_graphs() =>
        Gen.Int[1, 40].SelectMany(n => Gen.Int[0, n - 1].Array[0, 4].Array[n].Select(edges => (n, edges))).Sample(x =>
        {
            // Edges only to lower numbers: acyclic.
            var (n, raw) = x;
            var edges = raw.Select((e, i) => e.Where(t => t < i).ToArray()).ToArray();
            var order = new List<int>();
            var cycles = 0;
            DepthFirst.Walk(n, Enumerable.Range(0, n).Reverse(), v => edges[v].Length, (v, k) => edges[v][k], (_, _, _) => { cycles++; return false; }, order.Add);
            Assert.Equal(0, cycles);
            Assert.Equal(Enumerable.Range(0, n), order.Order());
            var at = order.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
            for (var v = 0; v < n; v++)
            {
                Assert.All(edges[v], t => Assert.True(at[t] < at[v]));
            }
        }, iter: 300);

    [Fact]
    public void A_cycle_is_handed_over_as_the_path_from_the_node_it_returns_to()
    {
        int[][] edges = [[1], [2], [0, 3], []];
        var found = new List<(int From, int Edge, int[] Path)>();
        DepthFirst.Walk(4, [0], v => edges[v].Length, (v, k) => edges[v][k], (from, edge, path) => { found.Add((from, edge, path.ToArray())); return false; });
        var (f, e, p) = Assert.Single(found);
        Assert.Equal((2, 0), (f, e));
        Assert.Equal([0, 1, 2], p);
    }

    [Fact]
    public void A_dropped_edge_is_gone_and_the_walk_goes_on_with_the_next_one()
    {
        var edges = new List<int>[] { [1], [0, 2], [] };
        var order = new List<int>();
        DepthFirst.Walk(3, [0], v => edges[v].Count, (v, k) => edges[v][k], (from, edge, _) => { edges[from].RemoveAt(edge); return true; }, order.Add);
        Assert.Equal([2], edges[1]);
        Assert.Equal([2, 1, 0], order);
    }

    [Fact]
    public void A_chain_of_a_million_nodes_does_not_overflow_the_stack()
    {
        const int n = 1_000_000;
        var finished = 0;
        DepthFirst.Walk(n, [0], v => v + 1 < n ? 1 : 0, (v, _) => v + 1, null, _ => finished++);
        Assert.Equal(n, finished);
    }

    [Fact]
    public void An_edge_numbered_minus_one_is_ignored()
    {
        var order = new List<int>();
        DepthFirst.Walk(2, [0, 1], _ => 1, (_, _) => -1, null, order.Add);
        Assert.Equal([0, 1], order);
    }
}
