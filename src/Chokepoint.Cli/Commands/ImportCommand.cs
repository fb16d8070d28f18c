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
        var command = new Command("import", "Build a model from data you already have: eto (CSET's ETO Chip Explorer tables), cyclonedx (a CycloneDX JSON SBOM) or table (a supplier spreadsheet, xlsx or CSV).");
        command.Subcommands.Add(ImportEtoCommand.Create(context));
        command.Subcommands.Add(CycloneDx(context));
        command.Subcommands.Add(Table(context));
        return command;
    }

    private static Command Table(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "An xlsx workbook (as 'export xlsx' writes it, or a supplier table as its first sheet) or a CSV supplier table." };
        var output = new Option<string?>("-o", "--output") { Description = "Write the model to this file (.yaml, or .json for JSON); default: YAML on standard output." };
        var baseModel = new Option<string?>("--base") { Description = "The model the table updates: what the file has no sheet or column for (jurisdictions, organizations, controls, scenarios, substitution...) comes from it." };
        var home = new Option<string?>("--home") { Description = "The model's home jurisdiction, over the file's and the base's." };
        var json = new Option<bool>("--json") { Description = "Write the import report as JSON (on standard output with -o, else on standard error)." };
        var command = new Command("table", "Import a supplier table, one row per provider, with columns component, layer, requires ('a; b; any_of(c; d)/k'), org, hq, jurisdiction, share, share_range, source, as_of, threshold. A workbook may add sheets for the rest of the model; what neither the file nor --base gives is inferred and reported. Every bad cell is reported with its sheet, row and column, and nothing is written.")
        {
            file, output, baseModel, home, json,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output);
            var basePath = parse.GetValue(baseModel);
            var loaded = basePath is null ? null : ModelFiles.LoadOrFail(basePath, context);
            var request = Operations.TableOperation.ReadImport(parse.GetValue(file)!, loaded, target, new CliFields(parse).Add("home", home));
            var imported = Operations.TableOperation.Import(request);
            WriteModel(target, imported.Text, context);
            WriteReport(imported.Report, parse.GetValue(json), context);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The imported model to its file, atomically, or to standard output.</summary>
    private static void WriteModel(string? target, string text, CliContext context)
    {
        if (target is null)
        {
            context.Out.Write(text);
        }
        else
        {
            FileOutput.WriteAtomically(target, text);
        }
    }

    private static void WriteReport(TableImportDocument r, bool asJson, CliContext context)
    {
        if (asJson)
        {
            Json.Write(r.Output is null ? context.Err : context.Out, r);
            return;
        }

        var err = context.Err;
        err.WriteLine($"imported {r.File} ({r.Format}; read {string.Join(", ", r.SheetsRead)})" + (r.Output is null ? "" : $" into {r.Output}"));
        err.WriteLine($"  {r.Components} components, {r.Providers} providers, {r.Organizations} organizations, {r.Jurisdictions} jurisdictions, {r.Targets} targets");
        void List(string label, IReadOnlyList<string> items)
        {
            if (items.Count > 0)
            {
                err.WriteLine($"  {label}: {string.Join(", ", items)}");
            }
        }

        List("taken from the base model", r.FromBase);
        List("jurisdictions declared because the table names them", r.InferredJurisdictions);
        List("organizations from the table's org and hq columns", r.InferredOrganizations);
        List("targets (the components nothing requires; add a targets sheet or --base to choose)", r.InferredTargets);
        List("sheets not read", r.SheetsIgnored);
        foreach (var w in r.Warnings)
        {
            err.WriteLine($"{r.File}: warning {w.Code} at {w.Path}: {w.Message}\n    fix: {w.Fix}");
        }
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
            WriteModel(target, imported.Text, context);
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
