namespace Chokepoint.Logic.Graph;

/// <summary>
/// The project's one cycle finder: an iterative depth-first walk over nodes 0…n−1 (no recursion, so a
/// long chain cannot overflow the stack), used by the model validator, the compiled stack's
/// topological order, the CycloneDX importer and the Open-PSA reader. Each node's successors are read
/// by position; an edge back to a node on the current path is a cycle and is handed to the caller,
/// who may report it, throw, or drop the edge. Finished nodes come in post-order (inputs first).
/// Linear in nodes plus edges.
/// </summary>
public static class DepthFirst
{
    /// <summary>
    /// A cycle: the edge <paramref name="from"/> → its successor number <paramref name="edge"/>, which
    /// leads back to <paramref name="path"/>[0]; <paramref name="path"/> runs from that node to
    /// <paramref name="from"/> along the current path. Return true when the edge was dropped (the
    /// successor at that position is then the next one).
    /// </summary>
    public delegate bool OnCycle(int from, int edge, IReadOnlyList<int> path);

    /// <summary>
    /// Walks from each of <paramref name="roots"/> in turn, skipping nodes already seen.
    /// <paramref name="degree"/> gives a node's number of successors (read again after a dropped edge),
    /// <paramref name="successor"/> its k-th successor, or −1 for an edge to ignore.
    /// </summary>
    public static void Walk(int count, IEnumerable<int> roots, Func<int, int> degree, Func<int, int, int> successor, OnCycle? onCycle = null, Action<int>? onFinished = null)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(degree);
        ArgumentNullException.ThrowIfNull(successor);
        var state = new byte[count]; // 0 unseen, 1 on the path, 2 finished
        var stack = new List<(int Node, int Next)>();
        var path = new List<int>();
        var position = new int[count];
        foreach (var root in roots)
        {
            if (state[root] != 0)
            {
                continue;
            }

            Push(root);
            while (stack.Count > 0)
            {
                var (node, next) = stack[^1];
                if (next >= degree(node))
                {
                    state[node] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    path.RemoveAt(path.Count - 1);
                    onFinished?.Invoke(node);
                    continue;
                }

                var child = successor(node, next);
                if (child >= 0 && state[child] == 1)
                {
                    var loop = path.GetRange(position[child], path.Count - position[child]);
                    if (onCycle?.Invoke(node, next, loop) == true)
                    {
                        continue;
                    }
                }

                stack[^1] = (node, next + 1);
                if (child >= 0 && state[child] == 0)
                {
                    Push(child);
                }
            }
        }

        void Push(int node)
        {
            state[node] = 1;
            position[node] = path.Count;
            path.Add(node);
            stack.Add((node, 0));
        }
    }
}
