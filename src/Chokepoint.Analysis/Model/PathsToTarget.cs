namespace Chokepoint.Analysis.Model;

/// <summary>
/// The shortest chains of "is required by" from every component up to one target, as one
/// predecessor tree: each component the target needs points to the next component on a shortest
/// chain. Built in time linear in the number of requires edges, so it serves every component at once.
/// </summary>
public sealed class PathsToTarget
{
    private readonly int[] _next;
    private readonly int[] _distance;

    private PathsToTarget(int target, int[] next, int[] distance)
    {
        Target = target;
        _next = next;
        _distance = distance;
    }

    /// <summary>The target's component number.</summary>
    public int Target { get; }

    /// <summary>
    /// Builds the tree. <paramref name="inputs"/> lists, by component number, the components each one
    /// requires (members of <c>any_of</c> groups included). Among the users that lie on a shortest chain,
    /// the next step is a <paramref name="preferred"/> one when there is one (a scenario prefers failed
    /// users, to show how a failure propagates), then the lowest number.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target or an input is not a component number.</exception>
    public static PathsToTarget Build(IReadOnlyList<IReadOnlyList<int>> inputs, int target, Func<int, bool>? preferred = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, inputs.Count);
        var n = inputs.Count;
        var distance = new int[n];
        Array.Fill(distance, -1);
        var next = new int[n];
        Array.Fill(next, -1);

        // Breadth-first down the requires edges from the target: the distances, and the visiting order.
        var order = new List<int>(n) { target };
        distance[target] = 0;
        for (var head = 0; head < order.Count; head++)
        {
            var c = order[head];
            foreach (var m in inputs[c])
            {
                ArgumentOutOfRangeException.ThrowIfNegative(m);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, n);
                if (distance[m] < 0)
                {
                    distance[m] = distance[c] + 1;
                    order.Add(m);
                }
            }
        }

        // Each component's next step: the best of its users one step nearer the target.
        foreach (var user in order)
        {
            foreach (var m in inputs[user])
            {
                if (distance[m] == distance[user] + 1 && (next[m] < 0 || Better(user, next[m])))
                {
                    next[m] = user;
                }
            }
        }

        return new PathsToTarget(target, next, distance);

        bool Better(int a, int b)
        {
            var pa = preferred?.Invoke(a) ?? false;
            var pb = preferred?.Invoke(b) ?? false;
            return pa != pb ? pa : a < b;
        }
    }

    /// <summary>True when the target needs the component, directly or not (the target needs itself).</summary>
    public bool Needs(int component) => _distance[component] >= 0;

    /// <summary>The length of a shortest chain from the component to the target; -1 when the target does not need it.</summary>
    public int Distance(int component) => _distance[component];

    /// <summary>The next component on the chain to the target; -1 for the target itself and for components it does not need.</summary>
    public int Next(int component) => _next[component];

    /// <summary>The chain from the component to the target, both included; empty when the target does not need it.</summary>
    public IReadOnlyList<int> From(int component)
    {
        if (!Needs(component))
        {
            return [];
        }

        var path = new List<int>(_distance[component] + 1);
        for (var c = component; c >= 0; c = _next[c])
        {
            path.Add(c);
        }

        return path;
    }
}
