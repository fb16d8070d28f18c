using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Eto;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The <c>import cyclonedx</c> report: what the SBOM gave, and the components whose origin it does not state.</summary>
public sealed record CycloneDxImportDocument(
    string File,
    string SpecVersion,
    string? Output,
    int Components,
    int Dependencies,
    int Organizations,
    int Jurisdictions,
    string? Target,
    string? Home,
    IReadOnlyList<CycloneDxImportDocument.WithoutOriginJson> WithoutOrigin,
    IReadOnlyList<string> Warnings) : ResultDocument
{
    public sealed record WithoutOriginJson(string Component, string PlacedIn, string? Organization);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.CycloneDxImportDocument;

    public static CycloneDxImportDocument From(CycloneDxImportReport r, string? output)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.File, r.SpecVersion, output, r.Components, r.Dependencies, r.Organizations, r.Jurisdictions, r.Target, r.Home,
            r.WithoutOrigin.Select(w => new WithoutOriginJson(w.Component, w.PlacedIn, w.Organization)).ToList(), r.Warnings);
    }
}

/// <summary>The <c>import eto</c> report: what the ETO tables gave.</summary>
public sealed record EtoImportDocument(string? Output, int Components, int Providers, int Organizations, int Jurisdictions, int Requirements, int Categories, IReadOnlyList<string> Warnings) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.EtoImportDocument;

    public static EtoImportDocument From(ImportReport r, string? output)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(output, r.Components, r.Providers, r.Organizations, r.Jurisdictions, r.Requirements, r.Categories, r.Warnings);
    }
}

/// <summary>The <c>import table</c> report: what the supplier table (and the workbook's other sheets) gave, and what was filled in.</summary>
public sealed record TableImportDocument(
    string File,
    string Format,
    string? Output,
    IReadOnlyList<string> SheetsRead,
    IReadOnlyList<string> SheetsIgnored,
    int Components,
    int Providers,
    int Organizations,
    int Jurisdictions,
    int Targets,
    IReadOnlyList<string> FromBase,
    IReadOnlyList<string> InferredJurisdictions,
    IReadOnlyList<string> InferredOrganizations,
    IReadOnlyList<string> InferredTargets,
    IReadOnlyList<DiagnosticJson> Warnings) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.TableImportDocument;
}

/// <summary>The <c>export</c> report: which format was written where, for which home and target (null for <c>export table</c>, which runs no analysis).</summary>
public sealed record ExportDocument(string Format, string? Output, string? Home, string? Target) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ExportDocument;
}

/// <summary>The <c>report</c> report: the HTML file written and its size.</summary>
public sealed record ReportDocument(string Output, int Bytes) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ReportDocument;
}

/// <summary>
/// The <c>fault-tree</c> result. Its figures are written at full precision (null when NaN or infinite), and its counts as bare
/// integers of any size, as other fault-tree engines write theirs. <c>cut_sets</c> is left out with --probability-only,
/// <c>importance</c> with --probability-only and --count-only.
/// </summary>
public sealed record FaultTreeDocument(
    string TopEvent,
    int BasicEvents,
    int Gates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FaultTreeDocument.FaultTreeCutSetsJson? CutSets,
    [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Probability,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FaultTreeDocument.FaultTreeImportanceJson>? Importance,
    [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Seconds) : ResultDocument
{
    public sealed record FaultTreeCutSetsJson(
        [property: JsonConverter(typeof(ExactCountConverter))] Count Count,
        IReadOnlyDictionary<string, ExactCount> ByOrder,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IEnumerable<IEnumerable<string>>? Sets);

    public sealed record FaultTreeImportanceJson(
        string Event,
        [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Birnbaum,
        [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Criticality,
        [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double FussellVesely,
        [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Raw,
        [property: JsonConverter(typeof(Json.FiniteDoubleConverter))] double Rrw);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.FaultTreeDocument;
}

/// <summary>A count in a map of counts, written as a bare integer of any size.</summary>
[JsonConverter(typeof(ExactCountValueConverter))]
public readonly record struct ExactCount(System.Numerics.BigInteger Value);

public sealed class ExactCountValueConverter : JsonConverter<ExactCount>
{
    private static readonly ExactCountConverter Inner = new();

    public override ExactCount Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        new(Inner.Read(ref reader, typeof(Count), options).Value);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, ExactCount value, System.Text.Json.JsonSerializerOptions options) =>
        Inner.Write(writer, new Count(value.Value), options);
}

/// <summary>The <c>examples list</c> result: the stacks shipped with the tool, where they are.</summary>
public sealed record ExamplesDocument(string Folder, IReadOnlyList<ExamplesDocument.StackJson> Examples) : ResultDocument
{
    public sealed record StackJson(string Name, string File, string Title, string? Home, int? Components, IReadOnlyList<string> Targets);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ExamplesDocument;
}

/// <summary>The <c>examples copy</c> result: the files copied and those that were overwritten.</summary>
public sealed record ExamplesCopyDocument(string Folder, IReadOnlyList<string> Files, IReadOnlyList<string> Overwritten) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ExamplesCopyDocument;
}
