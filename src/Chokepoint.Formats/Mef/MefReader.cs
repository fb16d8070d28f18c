using System.Globalization;
using System.Xml;
using Chokepoint.Logic;
using Chokepoint.Logic.Graph;

namespace Chokepoint.Formats.Mef;

/// <summary>A fault tree read from an Open-PSA MEF file.</summary>
/// <param name="Graph">The gate graph, with the top gate as its top event.</param>
/// <param name="TopEvent">The name of the top gate: the one gate no other gate uses.</param>
/// <param name="GateCount">The number of <c>define-gate</c> elements.</param>
/// <param name="BasicEventCount">The number of <c>define-basic-event</c> elements.</param>
public sealed record MefModel(GateGraph Graph, string TopEvent, int GateCount, int BasicEventCount);

/// <summary>
/// Reads the Open-PSA Model Exchange Format subset that fault trees need: fault trees and model data with gates
/// (and, or, atleast, not, nand, nor, xor, iff, imply, constants, nested formulas and references), basic events
/// with constant probability expressions, house events and parameters. Anything else is an error that names the
/// element and its line — never silently ignored. DTDs and external entities are refused.
/// </summary>
public static class MefReader
{
    /// <summary>Reads a MEF file from disk.</summary>
    /// <exception cref="MefException">The file is unreadable, malformed, hostile or inconsistent.</exception>
    public static MefModel ReadFile(string path, MefLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MefException(path, 0, null, e.Message, e);
        }

        using (stream)
        {
            return Read(stream, path, limits);
        }
    }

    /// <summary>Reads a MEF document.</summary>
    /// <param name="stream">The XML document.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <param name="limits">Size and depth limits; null for <see cref="MefLimits.Default"/>.</param>
    /// <exception cref="MefException">The document is malformed, hostile, unsupported or inconsistent.</exception>
    public static MefModel Read(Stream stream, string fileName, MefLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        limits ??= MefLimits.Default;
        if (stream.CanSeek && stream.Length > limits.MaxCharacters * 4)
        {
            throw new MefException(fileName, 0, null, $"the file has {stream.Length:N0} bytes, more than the limit of {limits.MaxCharacters:N0} characters");
        }

        var root = Parse(stream, fileName, limits);
        return new Interpreter(fileName).Build(root);
    }

    private static Element Parse(Stream stream, string file, MefLimits limits)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var info = (IXmlLineInfo)reader;
            var stack = new Stack<Element>();
            Element? root = null;
            var count = 0;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (++count > limits.MaxElements)
                        {
                            throw new MefException(file, info.LineNumber, reader.Name, $"the document exceeds the limit of {limits.MaxElements:N0} elements");
                        }

                        if (stack.Count >= limits.MaxDepth)
                        {
                            throw new MefException(file, info.LineNumber, reader.Name, $"elements nested deeper than the limit of {limits.MaxDepth}");
                        }

                        var e = new Element(reader.LocalName, info.LineNumber);
                        if (reader.HasAttributes)
                        {
                            while (reader.MoveToNextAttribute())
                            {
                                e.Attributes[reader.LocalName] = reader.Value;
                            }

                            reader.MoveToElement();
                        }

                        if (stack.Count > 0)
                        {
                            stack.Peek().Children.Add(e);
                        }
                        else
                        {
                            root = e;
                        }

                        if (!reader.IsEmptyElement)
                        {
                            stack.Push(e);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        stack.Pop();
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (stack.Count > 0 && !string.IsNullOrWhiteSpace(reader.Value))
                        {
                            throw new MefException(file, info.LineNumber, stack.Peek().Name, "unexpected text content");
                        }

                        break;
                    default:
                        break;
                }
            }

            return root ?? throw new MefException(file, 0, null, "the document is empty");
        }
        catch (XmlException e)
        {
            var problem = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "DTDs and entity declarations are refused (they can expand without bound or reach outside the file)"
                : e.Message.Contains("MaxCharacters", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                    ? $"the document exceeds the limit of {limits.MaxCharacters:N0} characters"
                    : "malformed XML: " + e.Message;
            throw new MefException(file, e.LineNumber, null, problem, e);
        }
    }

    internal sealed class Element(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        // Elements have one or two attributes: a small dictionary keeps a million of them cheap.
        public Dictionary<string, string> Attributes { get; } = new(2, StringComparer.Ordinal);

        public List<Element> Children { get; } = new(0);
    }

    private sealed class Interpreter(string file)
    {
        private readonly Dictionary<string, Element> _gates = new(StringComparer.Ordinal);
        private readonly List<string> _gateOrder = [];
        private readonly Dictionary<string, Element> _basicEvents = new(StringComparer.Ordinal);
        private readonly List<string> _basicOrder = [];
        private readonly Dictionary<string, Element> _houseEvents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Element> _parameters = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _parameterValues = new(StringComparer.Ordinal);
        private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);
        private readonly GateGraphBuilder _builder = new();
        private readonly Dictionary<string, NodeRef> _built = new(StringComparer.Ordinal);

        public MefModel Build(Element root)
        {
            if (root.Name != "opsa-mef")
            {
                throw Error(root, "the root element must be <opsa-mef>");
            }

            foreach (var child in root.Children)
            {
                switch (child.Name)
                {
                    case "define-fault-tree":
                        Require(child, "name");
                        CollectContainer(child, allowGates: true);
                        break;
                    case "model-data":
                        CollectContainer(child, allowGates: false);
                        break;
                    case "label" or "attributes":
                        break;
                    default:
                        throw Unsupported(child);
                }
            }

            if (_gates.Count == 0)
            {
                throw new MefException(file, root.Line, "opsa-mef", "no gate is defined, so there is no top event");
            }

            foreach (var name in _basicOrder)
            {
                var e = _basicEvents[name];
                _built[name] = _builder.AddBasicEvent(name, ProbabilityOf(e));
            }

            var top = FindTop();
            var topRef = BuildGates(top);
            return new MefModel(_builder.Build(topRef), top, _gates.Count, _basicEvents.Count);
        }

        private void CollectContainer(Element container, bool allowGates)
        {
            foreach (var d in container.Children)
            {
                switch (d.Name)
                {
                    case "define-gate" when allowGates:
                        Define(_gates, d);
                        _gateOrder.Add(d.Attributes["name"]);
                        break;
                    case "define-basic-event":
                        Define(_basicEvents, d);
                        _basicOrder.Add(d.Attributes["name"]);
                        break;
                    case "define-house-event":
                        Define(_houseEvents, d);
                        break;
                    case "define-parameter":
                        Define(_parameters, d);
                        break;
                    case "label" or "attributes":
                        break;
                    default:
                        throw Unsupported(d);
                }
            }
        }

        private void Define(Dictionary<string, Element> table, Element d)
        {
            var name = Require(d, "name");
            if (_gates.ContainsKey(name) || _basicEvents.ContainsKey(name) || _houseEvents.ContainsKey(name) || _parameters.ContainsKey(name))
            {
                throw Error(d, $"'{name}' is defined twice");
            }

            table[name] = d;
        }

        private string FindTop()
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in _gates.Values)
            {
                CollectReferences(Formula(g), used);
            }

            var tops = _gateOrder.Where(n => !used.Contains(n)).ToList();
            return tops.Count switch
            {
                1 => tops[0],
                0 => throw Error(_gates[_gateOrder[0]], "every gate is used by another gate, so the gates form a cycle and there is no top event"),
                _ => throw Error(_gates[tops[1]], $"there are {tops.Count} top gates (gates no other gate uses): {string.Join(", ", tops.Take(5))}{(tops.Count > 5 ? ", ..." : "")}; one is expected"),
            };
        }

        private static void CollectReferences(Element f, HashSet<string> used)
        {
            if (f.Name is "gate" or "event")
            {
                if (f.Attributes.TryGetValue("name", out var n))
                {
                    used.Add(n);
                }
            }

            foreach (var c in f.Children)
            {
                CollectReferences(c, used);
            }
        }

        private Element Formula(Element gate)
        {
            var formulas = gate.Children.Where(c => c.Name is not ("label" or "attributes")).ToList();
            if (formulas.Count != 1)
            {
                throw Error(gate, $"gate '{gate.Attributes["name"]}' must have exactly one formula, not {formulas.Count}");
            }

            return formulas[0];
        }

        /// <summary>Builds gates depth first without recursion, so a long chain cannot overflow the stack; a cycle of gate references is an error at the reference that closes it.</summary>
        private NodeRef BuildGates(string top)
        {
            // Gate numbers in definition order; _gateOrder has each gate once (Define rejects a second definition).
            var names = _gateOrder.ToArray();
            var number = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                number[names[i]] = i;
            }
            var refs = new List<Element>?[names.Length];
            List<Element> RefsOf(int g)
            {
                if (refs[g] is null)
                {
                    refs[g] = [];
                    GateReferences(Formula(_gates[names[g]]), refs[g]!);
                }

                return refs[g]!;
            }

            Logic.Graph.DepthFirst.Walk(names.Length, [number[top]], g => RefsOf(g).Count, (g, k) => number[RefsOf(g)[k].Attributes["name"]],
                (from, edge, path) => throw Error(RefsOf(from)[edge],
                    from == path[0]
                        ? $"gate '{names[from]}' depends on itself (a cycle of gate references)"
                        : $"gate '{names[from]}' depends on itself through '{names[path[0]]}' (a cycle of gate references)"),
                g => _built[names[g]] = BuildFormula(Formula(_gates[names[g]]), names[g]));
            return _built[top];
        }

        private void GateReferences(Element f, List<Element> refs)
        {
            if (f.Name is "gate" or "event")
            {
                var n = Require(f, "name");
                if (_gates.ContainsKey(n))
                {
                    refs.Add(f);
                }
                else if (f.Name == "gate")
                {
                    throw Error(f, $"gate '{n}' is not defined");
                }

                return;
            }

            foreach (var c in f.Children)
            {
                GateReferences(c, refs);
            }
        }

        private NodeRef BuildFormula(Element f, string? name)
        {
            switch (f.Name)
            {
                case "gate":
                case "basic-event":
                case "house-event":
                case "event":
                    var target = Reference(f);
                    return name is null ? target : _builder.AddGate(name, GateKind.PassThrough, [target]);
                case "constant":
                    var value = Require(f, "value") switch
                    {
                        "true" => true,
                        "false" => false,
                        var v => throw Error(f, $"value '{v}' is not true or false"),
                    };
                    return _builder.AddHouseEvent(name ?? (value ? "true" : "false"), value);
            }

            var args = f.Children.Select(c => BuildFormula(c, null)).ToList();
            return f.Name switch
            {
                "and" => Gate(GateKind.And, 1),
                "or" => Gate(GateKind.Or, 1),
                "not" => Gate(GateKind.Not, 1, 1),
                "nand" => Gate(GateKind.Nand, 1),
                "nor" => Gate(GateKind.Nor, 1),
                "xor" => Gate(GateKind.Xor, 2),
                "iff" => Pair((a, b) => _builder.AddGate(name, GateKind.Not, [_builder.AddGate(null, GateKind.Xor, [a, b])])),
                "imply" => Pair((a, b) => _builder.AddGate(name, GateKind.Or, [_builder.AddGate(null, GateKind.Not, [a]), b])),
                "atleast" => AtLeast(),
                _ => throw Unsupported(f),
            };

            NodeRef Gate(GateKind kind, int min, int max = int.MaxValue)
            {
                if (args.Count < min || args.Count > max)
                {
                    throw Error(f, max == min ? $"takes exactly {min} argument(s), not {args.Count}" : $"takes at least {min} argument(s), not {args.Count}");
                }

                return _builder.AddGate(name, kind, args);
            }

            NodeRef Pair(Func<NodeRef, NodeRef, NodeRef> make) =>
                args.Count == 2 ? make(args[0], args[1]) : throw Error(f, $"takes exactly 2 arguments, not {args.Count}");

            NodeRef AtLeast()
            {
                var text = Require(f, "min");
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1 || k > args.Count)
                {
                    throw Error(f, $"min='{text}' must be an integer from 1 to the number of arguments ({args.Count})");
                }

                return _builder.AddAtLeast(name, k, args);
            }
        }

        private NodeRef Reference(Element f)
        {
            var n = Require(f, "name");
            var known = f.Name switch
            {
                "gate" => _gates.ContainsKey(n),
                "basic-event" => _basicEvents.ContainsKey(n),
                "house-event" => _houseEvents.ContainsKey(n),
                _ => _gates.ContainsKey(n) || _basicEvents.ContainsKey(n) || _houseEvents.ContainsKey(n),
            };
            if (!known)
            {
                var kind = f.Name == "event" ? "event" : f.Name.Replace('-', ' ');
                throw Error(f, $"{kind} '{n}' is not defined");
            }

            if (_built.TryGetValue(n, out var r))
            {
                return r;
            }

            // Only house events are built on first use; gates and basic events are built beforehand.
            var h = _houseEvents[n];
            var value = h.Children.Where(c => c.Name is not ("label" or "attributes")).ToList() switch
            {
                [] => false,
                [{ Name: "constant" } c] => Require(c, "value") switch
                {
                    "true" => true,
                    "false" => false,
                    var v => throw Error(c, $"value '{v}' is not true or false"),
                },
                [var c] => throw Error(c, "a house event's state must be <constant value=\"true|false\"/>"),
                _ => throw Error(h, "a house event has one state"),
            };
            r = _builder.AddHouseEvent(n, value);
            _built[n] = r;
            return r;
        }

        private Probability ProbabilityOf(Element basicEvent)
        {
            var exprs = basicEvent.Children.Where(c => c.Name is not ("label" or "attributes")).ToList();
            if (exprs.Count != 1)
            {
                throw Error(basicEvent, exprs.Count == 0
                    ? $"basic event '{basicEvent.Attributes["name"]}' has no probability"
                    : $"basic event '{basicEvent.Attributes["name"]}' has {exprs.Count} expressions; one is expected");
            }

            var p = Evaluate(exprs[0]);
            return p is >= 0 and <= 1
                ? new Probability(p)
                : throw Error(exprs[0], $"probability {p.ToString(CultureInfo.InvariantCulture)} of '{basicEvent.Attributes["name"]}' is outside [0, 1]");
        }

        private double Evaluate(Element e)
        {
            var args = e.Name is "float" or "int" or "bool" or "parameter" or "pi"
                ? []
                : e.Children.Select(Evaluate).ToArray();
            return e.Name switch
            {
                "float" or "int" => Number(e),
                "bool" => Require(e, "value") switch
                {
                    "true" => 1,
                    "false" => 0,
                    var v => throw Error(e, $"value '{v}' is not true or false"),
                },
                "pi" => Math.PI,
                "parameter" => Parameter(e),
                "neg" => Arity(1) ? -args[0] : 0,
                "add" => Arity(1, int.MaxValue) ? args.Sum() : 0,
                "sub" => Arity(1, int.MaxValue) ? args[0] - args.Skip(1).Sum() : 0,
                "mul" => Arity(1, int.MaxValue) ? args.Aggregate(1.0, (a, b) => a * b) : 0,
                "div" => Arity(2, int.MaxValue) ? args.Skip(1).Aggregate(args[0], (a, b) => a / b) : 0,
                "min" => Arity(1, int.MaxValue) ? args.Min() : 0,
                "max" => Arity(1, int.MaxValue) ? args.Max() : 0,
                "pow" => Arity(2) ? Math.Pow(args[0], args[1]) : 0,
                "exp" => Arity(1) ? Math.Exp(args[0]) : 0,
                "log" => Arity(1) ? Math.Log(args[0]) : 0,
                "exponential" => Arity(2) ? 1 - Math.Exp(-args[0] * args[1]) : 0,
                _ => throw Unsupported(e),
            };

            bool Arity(int min, int? max = null)
            {
                var hi = max ?? min;
                return args.Length >= min && args.Length <= hi
                    ? true
                    : throw Error(e, $"takes {(hi == min ? min.ToString(CultureInfo.InvariantCulture) : $"at least {min}")} argument(s), not {args.Length}");
            }
        }

        private double Number(Element e)
        {
            var text = Require(e, "value");
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw Error(e, $"value '{text}' is not a finite number");
        }

        private double Parameter(Element e)
        {
            var n = Require(e, "name");
            if (_parameterValues.TryGetValue(n, out var v))
            {
                return v;
            }

            if (!_parameters.TryGetValue(n, out var def))
            {
                throw Error(e, $"parameter '{n}' is not defined");
            }

            if (!_evaluating.Add(n))
            {
                throw Error(e, $"parameter '{n}' depends on itself");
            }

            var exprs = def.Children.Where(c => c.Name is not ("label" or "attributes")).ToList();
            if (exprs.Count != 1)
            {
                throw Error(def, $"parameter '{n}' must have exactly one expression");
            }

            v = Evaluate(exprs[0]);
            _evaluating.Remove(n);
            _parameterValues[n] = v;
            return v;
        }

        private string Require(Element e, string attribute) =>
            e.Attributes.TryGetValue(attribute, out var v) && v.Length > 0
                ? v
                : throw Error(e, $"the attribute '{attribute}' is missing");

        private MefException Unsupported(Element e) => Error(e, "this element is not supported");

        private MefException Error(Element e, string problem) => new(file, e.Line, e.Name, problem);
    }
}
