using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Validation;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint import FORMAT ...</c>: models from data users already have, one subcommand per format.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("import", "Build a model from data you already have: eto (CSET's ETO Chip Explorer tables) or cyclonedx (a CycloneDX JSON SBOM).");
        command.Subcommands.Add(ImportEtoCommand.Create(context));
        command.Subcommands.Add(CycloneDx(context));
        return command;
    }

    private static Command CycloneDx(CliContext context)
    {
        var file = new Argument<string>("SBOM") { Description = "A CycloneDX JSON SBOM, spec 1.4 to 1.6." };
        var output = new Option<string?>("-o", "--output") { Description = "Write the model to this file (.yaml, or .json for JSON); default: YAML on standard output." };
        var home = new Option<string?>("--home") { Description = "The home jurisdiction (ISO 3166, e.g. DE): the model's home, where the SBOM's subject is built unless the SBOM says otherwise." };
        var json = new Option<bool>("--json") { Description = "Write the import report as JSON (on standard output with -o, else on standard error)." };
        var command = new Command("cyclonedx", "Import a CycloneDX SBOM: components and dependencies become components and requirements, suppliers become organizations, metadata.component the target. Components without a stated country of origin are reported, not guessed.")
        {
            file, output, home, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var h = parse.GetValue(home);
            if (h is not null && !CycloneDxImporter.IsJurisdictionCode(h))
            {
                throw new CliInputException($"--home '{h}' is not an ISO 3166 code such as DE or CN-GD.");
            }

            CycloneDxImportResult result;
            try
            {
                result = CycloneDxImporter.Import(path, new CycloneDxImportOptions { Home = h });
            }
            catch (CycloneDxException e)
            {
                throw new CliInputException(e.Message);
            }

            if (result.HasErrors)
            {
                foreach (var d in result.Diagnostics.Where(d => d.Severity == Severity.Error))
                {
                    context.Err.WriteLine(d.ToString());
                }

                throw new CliInputException($"{path}: the imported model does not validate; nothing was written.");
            }

            var target = parse.GetValue(output);
            var asJson = target?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false;
            var text = asJson ? ModelWriter.ToJson(result.Model) : ModelWriter.ToYaml(result.Model);
            if (target is null)
            {
                context.Out.Write(text);
            }
            else
            {
                FileOutput.WriteAtomically(target, text);
            }

            WriteReport(result.Report, target, parse.GetValue(json), context);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteReport(CycloneDxImportReport r, string? output, bool asJson, CliContext context)
    {
        if (asJson)
        {
            Json.Write(output is null ? context.Err : context.Out, new JsonObject
            {
                ["file"] = r.File,
                ["spec_version"] = r.SpecVersion,
                ["output"] = output,
                ["components"] = r.Components,
                ["dependencies"] = r.Dependencies,
                ["organizations"] = r.Organizations,
                ["jurisdictions"] = r.Jurisdictions,
                ["target"] = r.Target,
                ["home"] = r.Home,
                ["without_origin"] = new JsonArray(r.WithoutOrigin.Select(w => (JsonNode)new JsonObject
                {
                    ["component"] = w.Component,
                    ["placed_in"] = w.PlacedIn,
                    ["organization"] = w.Organization,
                }).ToArray()),
                ["warnings"] = AnalysisJson.Strings(r.Warnings),
            });
            return;
        }

        // The model may be on standard output: the report goes to standard error, as plain text.
        var err = context with { Out = context.Err, IsTerminal = false };
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var heading = $"imported {r.File} (CycloneDX {r.SpecVersion})" + (output is null ? "" : $" into {output}");
        Report.Render(err, heading,
        [
            new TableSection("summary", ["item", "count"],
            [
                ["components", N(r.Components)],
                ["dependencies", N(r.Dependencies)],
                ["organizations", N(r.Organizations)],
                ["jurisdictions", N(r.Jurisdictions)],
                ["components without origin", N(r.WithoutOrigin.Count)],
            ], $"target: {r.Target ?? "(none)"}; home: {r.Home ?? "(none: pass --home here or to the analyses)"}"),
            new TableSection("components without a country of origin (not guessed)", ["component", "placed in", "supplier"],
                r.WithoutOrigin.Select(w => (IReadOnlyList<string>)[w.Component, w.PlacedIn, w.Organization ?? "-"]).ToList(),
                r.WithoutOrigin.Count == 0 ? null : $"Placed at the supplier's stated country, else in {CycloneDxImporter.UnknownOrigin} (unknown origin). Add {CycloneDxImporter.CountryOfOriginProperty} or {CycloneDxImporter.OriginsProperty} properties to the SBOM to place them."),
        ]);
        if (r.WithoutOrigin.Count > 0)
        {
            context.Err.WriteLine($"warning: {r.WithoutOrigin.Count} of {r.Components} components have no country of origin in the SBOM, so none was guessed: {string.Join(", ", r.WithoutOrigin.Select(w => w.Component))}.");
        }

        foreach (var w in r.Warnings)
        {
            context.Err.WriteLine($"warning: {w}");
        }
    }
}
