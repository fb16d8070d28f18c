using System.CommandLine;
using System.Globalization;
using System.Text;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Mef;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint export mef|dot|csv MODEL</c>: results in the formats colleagues' tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export a stack compiled for a home: mef (Open-PSA fault tree), dot (layered Graphviz graph, chokepoints highlighted), csv (components, providers, coalitions).");
        command.Subcommands.Add(Verb(context, "mef", "The compiled failure logic of the target for the home as Open-PSA MEF XML, weighted thresholds expanded into standard gates.", Mef));
        command.Subcommands.Add(Verb(context, "dot", "The stack as a Graphviz graph, one rank per layer; components that a single jurisdiction can cut are highlighted.", Dot));
        command.Subcommands.Add(Verb(context, "csv", "Three CSV files in the output folder: components.csv, providers.csv, coalitions.csv.", Csv));
        return command;
    }

    private delegate void Writer(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context);

    private static Command Verb(CliContext context, string name, string description, Writer write)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var output = new Option<string?>("-o", "--output") { Description = name == "csv" ? "The folder to write into (created if missing)." : "The file to write (default: standard output)." };
        var options = new StackOptions();
        var command = new Command(name, description) { file, output };
        options.AddTo(command);
        command.Options.Remove(options.Json);
        var json = new Option<bool>("--json") { Description = "With -o: print what was written as JSON ({format, output, home, target})." };
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var request = options.Request(parse);
            var analysis = HomeAnalysis.Run(model, request);
            var stack = new CompiledStack(Perspective.Create(model, request.Perspective));
            var path = parse.GetValue(output);
            if (parse.GetValue(json) && path is null)
            {
                throw new CliInputException("--json describes the written file: pass -o as well.");
            }

            write(model, analysis, stack, path, parse.GetValue(json) ? context with { Err = TextWriter.Null } : context);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new System.Text.Json.Nodes.JsonObject { ["format"] = name, ["output"] = path, ["home"] = analysis.Home, ["target"] = analysis.TargetId });
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Emit(string text, string? output, CliContext context)
    {
        if (output is null)
        {
            context.Out.Write(text);
        }
        else
        {
            FileOutput.WriteAtomically(output, text);
            context.Err.WriteLine($"wrote {output}");
        }
    }

    private static void Mef(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context)
    {
        var (probabilities, _) = HomeAnalysis.EventProbabilities(stack.Perspective, new Dictionary<string, double>());
        var compiled = FailureCompiler.Compile(stack, stack.IndexOf(analysis.TargetComponent), probabilities);
        Emit(MefWriter.Write(compiled.Graph, $"{analysis.TargetId}-cut-for-{analysis.Home}"), output, context);
    }

    private static void Dot(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context)
    {
        var index = stack.Perspective.Index;
        var needed = stack.NeededBy(stack.IndexOf(analysis.TargetComponent));
        var single = analysis.Coalitions.Where(c => c.Coalition.Order == 1).SelectMany(c => c.Breaks).ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"digraph \"{Escape(model.Name ?? "stack")}\" {{\n");
        sb.Append("  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"DejaVu Sans\"];\n");
        sb.Append(CultureInfo.InvariantCulture, $"  label=\"{Escape(model.Name ?? "stack")}: home {analysis.Home}, target {analysis.TargetId}; red: cut by one jurisdiction alone\";\n");
        foreach (var layer in ModelIndex.OrderLayers(model.Components.Where((_, i) => needed[i]).Select(c => c.Layer)))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  subgraph \"cluster_{Escape(layer)}\" {{ label=\"{Escape(layer)}\"; rank=same;\n");
            foreach (var c in model.Components.Where((c, i) => needed[i] && c.Layer == layer))
            {
                var conc = Concentration.Of(c, index);
                var top = conc.TopSupplier is null ? "" : $"\\n{conc.TopSupplier} {Report.Percent(conc.TopShare)}";
                var color = single.Contains(c.Id) ? ", fillcolor=\"#f4a6a6\", color=\"#b00000\"" : "";
                sb.Append(CultureInfo.InvariantCulture, $"    \"{Escape(c.Id)}\" [label=\"{Escape(c.Id)}{top}\"{color}];\n");
            }

            sb.Append("  }\n");
        }

        foreach (var c in model.Components.Where((_, i) => needed[i]))
        {
            foreach (var r in c.Requires)
            {
                var dashed = r is AnyOfRequirement ? " [style=dashed]" : "";
                foreach (var id in r.ComponentIds)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  \"{Escape(id)}\" -> \"{Escape(c.Id)}\"{dashed};\n");
                }
            }
        }

        sb.Append("}\n");
        Emit(sb.ToString(), output, context);
    }

    private static void Csv(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context)
    {
        if (output is null)
        {
            throw new CliInputException("export csv writes three files: pass -o FOLDER.");
        }

        Directory.CreateDirectory(output);
        var index = stack.Perspective.Index;
        var components = new StringBuilder("id,name,layer,hhi,top_supplier,top_share,foreign_share,providers\n");
        foreach (var c in model.Components)
        {
            var conc = Concentration.Of(c, index);
            components.AppendLine(Row(c.Id, c.Name, c.Layer, Num(conc.Hhi), conc.TopSupplier, Num(conc.TopShare), HomeAnalysis.ForeignFraction(c, stack.Perspective) is { } f ? Num(f) : "", c.Providers.Count.ToString(CultureInfo.InvariantCulture)));
        }

        var providers = new StringBuilder("component,org,jurisdiction,domestic,share,share_low,share_high,source,as_of\n");
        foreach (var c in model.Components)
        {
            foreach (var p in c.Providers)
            {
                providers.AppendLine(Row(c.Id, p.Org, index.ProductionJurisdiction(p), stack.Perspective.IsDomestic(p) ? "yes" : "no",
                    p.Share is { } s ? Num(s) : "", p.ShareRange is { } r ? Num(r.Low) : "", p.ShareRange is { } r2 ? Num(r2.High) : "", p.Source, p.AsOf));
            }
        }

        var coalitions = new StringBuilder("home,target,order,coalition,breaks\n");
        foreach (var c in analysis.Coalitions)
        {
            coalitions.AppendLine(Row(analysis.Home, analysis.TargetId, c.Coalition.Order.ToString(CultureInfo.InvariantCulture), string.Join(" ", c.Coalition.Members), string.Join(" ", c.Breaks)));
        }

        FileOutput.WriteAtomically(Path.Combine(output, "components.csv"), components.ToString().ReplaceLineEndings("\n"));
        FileOutput.WriteAtomically(Path.Combine(output, "providers.csv"), providers.ToString().ReplaceLineEndings("\n"));
        FileOutput.WriteAtomically(Path.Combine(output, "coalitions.csv"), coalitions.ToString().ReplaceLineEndings("\n"));
        context.Err.WriteLine($"wrote {output}/components.csv, providers.csv, coalitions.csv");
    }

    private static string Num(double x) => Math.Round(x, 6).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Row(params string?[] fields) => string.Join(",", fields.Select(f =>
        f is null ? "" : f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
