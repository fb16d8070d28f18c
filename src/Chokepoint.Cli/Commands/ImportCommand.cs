using System.CommandLine;
using System.Globalization;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Results;
using Chokepoint.Formats.Results.Contracts;

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
            var target = parse.GetValue(output);
            var request = Operations.ImportOperation.ReadCycloneDx(parse.GetValue(file)!, target, new CliFields(parse).Add("home", home));
            var imported = Operations.ImportOperation.Run(request);
            if (target is null)
            {
                context.Out.Write(imported.Text);
            }
            else
            {
                FileOutput.WriteAtomically(target, imported.Text);
            }

            WriteReport(imported.Report, parse.GetValue(json), context);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteReport(CycloneDxImportDocument r, bool asJson, CliContext context)
    {
        var output = r.Output;
        if (asJson)
        {
            Json.Write(output is null ? context.Err : context.Out, r);
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
