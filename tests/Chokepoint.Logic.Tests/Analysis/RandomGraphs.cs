using Chokepoint.Logic.Graph;

namespace Chokepoint.Logic.Tests.Analysis;

/// <summary>Random gate graphs from a seed, using every gate kind, shared sub-graphs and house events.</summary>
internal static class RandomGraphs
{
    private static readonly GateKind[] AllKinds = Enum.GetValues<GateKind>();

    private static readonly GateKind[] CoherentKinds = [GateKind.And, GateKind.Or, GateKind.AtLeast, GateKind.Threshold, GateKind.PassThrough];

    public static GateGraph Make(int seed, int maxEvents, bool coherent = false)
    {
        var rng = new Random(seed);
        var b = new GateGraphBuilder();
        var n = rng.Next(1, maxEvents + 1);
        var nodes = new List<NodeRef>();
        for (var i = 0; i < n; i++)
        {
            // Probabilities on a coarse grid, with the extremes 0 and 1 now and then.
            var p = rng.Next(12) switch { 0 => 0.0, 1 => 1.0, var k => k / 12.0 };
            nodes.Add(b.AddBasicEvent("e" + i, new Probability(p)));
        }

        if (!coherent && rng.Next(4) == 0)
        {
            nodes.Add(b.AddHouseEvent("h", rng.Next(2) == 0));
        }

        var kinds = coherent ? CoherentKinds : AllKinds;
        var gates = rng.Next(1, 12);
        for (var g = 0; g < gates; g++)
        {
            var kind = kinds[rng.Next(kinds.Length)];
            var arity = kind is GateKind.Not or GateKind.PassThrough ? 1 : rng.Next(1, Math.Min(5, nodes.Count) + 1);

            // Prefer recent nodes so graphs get deep, but reuse old ones too so sub-graphs are shared.
            var inputs = Enumerable.Range(0, arity)
                .Select(_ => nodes[Math.Max(0, nodes.Count - 1 - (int)Math.Abs(rng.NextDouble() * rng.NextDouble() * nodes.Count))])
                .ToList();
            var name = "g" + g;
            var gate = kind switch
            {
                GateKind.AtLeast => b.AddAtLeast(name, rng.Next(1, inputs.Count + 1), inputs),
                GateKind.Threshold => b.AddThreshold(
                    name,
                    [.. inputs.Select(i => (i, rng.Next(0, 6) / 5.0))],
                    rng.Next(-1, 2 * inputs.Count) / 4.0),
                _ => b.AddGate(name, kind, inputs),
            };
            nodes.Add(gate);
        }

        return b.Build(nodes[^1]);
    }
}
