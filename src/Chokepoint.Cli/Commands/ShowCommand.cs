using System.CommandLine;
using System.Globalization;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint show FILE</c>: the stack layer by layer, who supplies it, and how concentrated each input is.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A model file (YAML or JSON, chokepoint/v1)." };
        var json = new Option<bool>("--json") { Description = "Write the figures as JSON." };
        var top = new Option<int>("--top") { Description = "How many of the most concentrated inputs to list.", DefaultValueFactory = _ => 10 };
        var command = new Command("show", "Show a stack per layer: components, providers, countries, share of supply by country, HHI per component, and the most concentrated inputs.")
        {
            file,
            json,
            top,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(top), context));
        return command;
    }

    private static int Run(string file, bool asJson, int top, CliContext context)
    {
        if (top < 0)
        {
            throw new CliInputException("--top must be 0 or more.");
        }

        var model = ModelFiles.LoadOrFail(file, context);
        var summary = StackSummary.Of(model, top);
        if (asJson)
        {
            Json.Write(context.Out, ShowDocument.From(file, summary, model.Attribution));
        }
        else
        {
            Render(file, summary, model.Attribution, context);
        }

        return ExitCodes.Ok;
    }

    private static void Render(string file, StackSummary s, string? attribution, CliContext context)
    {
        var heading = $"{s.Name ?? file}: {s.ComponentCount} components, {s.ProviderCount} providers, {s.Layers.Count} layers" +
            (s.Home is null ? "" : $", home {s.Home}");
        var sections = new List<TableSection>();
        foreach (var layer in s.Layers)
        {
            var rows = layer.Components.Select(c => (IReadOnlyList<string>)
            [
                c.ComponentId,
                Report.Fixed(c.Hhi),
                c.TopSupplier is null ? "-" : $"{c.TopSupplier} {Report.Percent(c.TopShare)}",
                c.HhiWithoutTop is { } w ? Report.Fixed(w) : "-",
                string.Join(" ", c.ShareByCountry.Select(kv => $"{kv.Key} {Report.Percent(kv.Value)}")),
            ]).ToList();
            var bySupply = string.Join(", ", layer.ShareByCountry.Take(6).Select(kv => $"{kv.Key} {Report.Percent(kv.Value)}"));
            sections.Add(new TableSection(
                $"{layer.Layer}: {Plural(layer.Components.Count, "component")}, {Plural(layer.ProviderCount, "provider")}, {Plural(layer.Countries.Count, "country", "countries")}",
                ["component", "HHI", "top supplier", "HHI w/o top", "share by country"],
                rows,
                $"share of the layer's supply: {(bySupply.Length == 0 ? "no shares known" : bySupply)}"));
        }

        sections.Add(new TableSection(
            "most concentrated inputs (HHI over countries; EU screen flags HHI > 0.4)",
            ["component", "HHI", "top supplier", "HHI w/o top", "EU screen"],
            s.MostConcentrated.Select(c => (IReadOnlyList<string>)
            [
                c.ComponentId, Report.Fixed(c.Hhi), $"{c.TopSupplier} {Report.Percent(c.TopShare)}",
                c.HhiWithoutTop is { } w ? Report.Fixed(w) : "-", c.FlaggedByEuScreen ? "flagged" : "",
            ]).ToList()));
        var f = s.Figures;
        sections.Add(new TableSection(
            "where the figures come from",
            ["cited", "estimates", "no source", "share unknown"],
            [[f.Cited.ToString(CultureInfo.InvariantCulture), f.Estimates.ToString(CultureInfo.InvariantCulture), f.Unsourced.ToString(CultureInfo.InvariantCulture), f.UnknownShares.ToString(CultureInfo.InvariantCulture)]],
            "cited: the source names a document; estimates: the source starts with \"estimate:\" and gives the reasoning."));
        Report.Render(context, heading, sections);
        if (attribution is not null)
        {
            context.Out.WriteLine();
            context.Out.WriteLine("Attribution and licence of the data:");
            context.Out.WriteLine(attribution);
        }
    }

    private static string Plural(int n, string one, string? many = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");
}
