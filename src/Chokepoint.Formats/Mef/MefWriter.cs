using System.Globalization;
using System.Text;
using System.Xml;
using Chokepoint.Logic.Graph;

namespace Chokepoint.Formats.Mef;

/// <summary>
/// Writes a gate graph as Open-PSA MEF XML that any fault-tree engine can read: weighted threshold
/// gates, which the standard lacks, are expanded into an OR of ANDs over their minimal sets of inputs
/// whose weights reach the threshold (exact, since the inputs are monotone in the compiled stacks).
/// </summary>
public static class MefWriter
{
    /// <summary>Thresholds with more minimal input sets than this are refused rather than written as a huge file.</summary>
    public const int MaxExpandedTerms = 100_000;

    public static string Write(GateGraph graph, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, NewLineChars = "\n", OmitXmlDeclaration = false }))
        {
            w.WriteStartElement("opsa-mef");
            w.WriteStartElement("define-fault-tree");
            w.WriteAttributeString("name", Sanitize(name));
            var top = graph.Nodes[graph.Top.Index];
            if (top.Kind != NodeKind.Gate)
            {
                // MEF wants a top gate: wrap a lone event or constant in a pass-through OR.
                w.WriteStartElement("define-gate");
                w.WriteAttributeString("name", "top");
                w.WriteStartElement("or");
                Reference(w, graph, graph.Top);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            // Define the top first (readers take the first gate that nothing references as the top anyway).
            // Only what the top needs: a builder may leave gates that simplification made unused.
            var terms = new Dictionary<int, List<int[]>?>();
            for (var i = 0; i < graph.Nodes.Length; i++)
            {
                if (graph.Nodes[i].Kind == NodeKind.Gate && graph.Nodes[i].Gate == GateKind.Threshold)
                {
                    terms[i] = ThresholdTerms(graph.Nodes[i]);
                }
            }

            var reachable = new bool[graph.Nodes.Length];
            var pending = new Stack<int>([graph.Top.Index]);
            reachable[graph.Top.Index] = true;
            while (pending.Count > 0)
            {
                var at = pending.Pop();
                var node = graph.Nodes[at];
                // A threshold gate only uses the inputs of its minimal sets.
                var inputs = terms.TryGetValue(at, out var t) ? (t ?? []).SelectMany(x => x).Distinct().Select(k => node.Inputs[k]) : node.Inputs;
                foreach (var input in inputs)
                {
                    if (!reachable[input.Index])
                    {
                        reachable[input.Index] = true;
                        pending.Push(input.Index);
                    }
                }
            }

            var order = Enumerable.Range(0, graph.Nodes.Length).Where(i => reachable[i] && graph.Nodes[i].Kind == NodeKind.Gate).OrderByDescending(i => i == graph.Top.Index).ToList();
            foreach (var i in order)
            {
                WriteGate(w, graph, i, terms.GetValueOrDefault(i));
            }

            w.WriteEndElement();
            w.WriteStartElement("model-data");
            foreach (var e in graph.BasicEvents)
            {
                w.WriteStartElement("define-basic-event");
                w.WriteAttributeString("name", Sanitize(e.Name));
                w.WriteStartElement("float");
                w.WriteAttributeString("value", e.Probability.Value.ToString("R", CultureInfo.InvariantCulture));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            for (var i = 0; i < graph.Nodes.Length; i++)
            {
                if (reachable[i] && graph.Nodes[i].Kind == NodeKind.HouseEvent)
                {
                    w.WriteStartElement("define-house-event");
                    w.WriteAttributeString("name", HouseName(i));
                    w.WriteStartElement("constant");
                    w.WriteAttributeString("value", graph.Nodes[i].HouseState ? "true" : "false");
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return sb.ToString().Replace("utf-16", "utf-8", StringComparison.Ordinal) + "\n";
    }

    private static void WriteGate(XmlWriter w, GateGraph graph, int index, List<int[]>? thresholdTerms)
    {
        var node = graph.Nodes[index];
        w.WriteStartElement("define-gate");
        w.WriteAttributeString("name", GateName(graph, index));
        switch (node.Gate)
        {
            case GateKind.Threshold:
                WriteThreshold(w, graph, node, thresholdTerms);
                break;
            case GateKind.AtLeast:
                w.WriteStartElement("atleast");
                w.WriteAttributeString("min", node.MinCount.ToString(CultureInfo.InvariantCulture));
                Inputs(w, graph, node.Inputs);
                w.WriteEndElement();
                break;
            default:
                w.WriteStartElement(node.Gate switch
                {
                    GateKind.And => "and",
                    GateKind.Or => "or",
                    GateKind.Not => "not",
                    GateKind.Nand => "nand",
                    GateKind.Nor => "nor",
                    GateKind.Xor => "xor",
                    _ => "or",
                });
                Inputs(w, graph, node.Inputs);
                w.WriteEndElement();
                break;
        }

        w.WriteEndElement();
    }

    /// <summary>Σ wᵢ·xᵢ ≥ t as an OR over the minimal input sets that reach t, each an AND.</summary>
    private static void WriteThreshold(XmlWriter w, GateGraph graph, GateNode node, List<int[]>? terms)
    {
        if (terms is null || terms.Count == 0)
        {
            // null: t ≤ 0, always reached; no terms: t out of reach.
            w.WriteStartElement("constant");
            w.WriteAttributeString("value", terms is null ? "true" : "false");
            w.WriteEndElement();
            return;
        }

        w.WriteStartElement("or");
        foreach (var term in terms)
        {
            if (term.Length == 1)
            {
                Reference(w, graph, node.Inputs[term[0]]);
                continue;
            }

            w.WriteStartElement("and");
            foreach (var i in term)
            {
                Reference(w, graph, node.Inputs[i]);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>The minimal sets of inputs (by position) whose weights reach the threshold; null when the threshold is at most 0.</summary>
    private static List<int[]>? ThresholdTerms(GateNode node)
    {
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(node.ThresholdValue));
        var need = node.ThresholdValue - tolerance;
        if (need <= 0)
        {
            return null;
        }

        var byWeight = Enumerable.Range(0, node.Inputs.Length).Where(i => node.Weights[i] > 0).OrderByDescending(i => node.Weights[i]).ThenBy(i => i).ToArray();
        var suffix = new double[byWeight.Length + 1];
        for (var k = byWeight.Length - 1; k >= 0; k--)
        {
            suffix[k] = suffix[k + 1] + node.Weights[byWeight[k]];
        }

        var terms = new List<int[]>();
        var chosen = new List<int>();
        Collect(0, 0);
        return terms;

        // Largest weights first and stopping as soon as the sum reaches t keeps every set minimal:
        // its last member is its smallest, and dropping any member falls short.
        void Collect(int k, double sum)
        {
            if (sum >= need)
            {
                terms.Add([.. chosen]);
                if (terms.Count > MaxExpandedTerms)
                {
                    throw new InvalidOperationException($"a threshold gate ({node.Name}) expands into more than {MaxExpandedTerms:N0} terms; it cannot be written as standard gates.");
                }

                return;
            }

            if (k == byWeight.Length || sum + suffix[k] < need)
            {
                return;
            }

            chosen.Add(byWeight[k]);
            Collect(k + 1, sum + node.Weights[byWeight[k]]);
            chosen.RemoveAt(chosen.Count - 1);
            Collect(k + 1, sum);
        }
    }

    private static void Inputs(XmlWriter w, GateGraph graph, IEnumerable<NodeRef> inputs)
    {
        foreach (var input in inputs)
        {
            Reference(w, graph, input);
        }
    }

    private static void Reference(XmlWriter w, GateGraph graph, NodeRef r)
    {
        var node = graph.Nodes[r.Index];
        switch (node.Kind)
        {
            case NodeKind.BasicEvent:
                w.WriteStartElement("basic-event");
                w.WriteAttributeString("name", Sanitize(node.Name));
                break;
            case NodeKind.HouseEvent:
                w.WriteStartElement("house-event");
                w.WriteAttributeString("name", HouseName(r.Index));
                break;
            default:
                w.WriteStartElement("gate");
                w.WriteAttributeString("name", GateName(graph, r.Index));
                break;
        }

        w.WriteEndElement();
    }

    /// <summary>The gate's own name made MEF-safe, with its node number to keep it unique.</summary>
    private static string GateName(GateGraph graph, int index) =>
        Sanitize(graph.Nodes[index].Name.TrimStart('#')) + ".g" + index.ToString(CultureInfo.InvariantCulture);

    private static string HouseName(int index) => "h" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>MEF names are letters, digits, '-', '_' and '.'; anything else becomes '_'.</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return chars.Length == 0 || !char.IsAsciiLetter(chars[0]) ? "e" + new string(chars) : new string(chars);
    }
}
