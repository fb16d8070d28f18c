using System.Text.Json.Serialization;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>
/// The one serializer of result documents: source-generated, snake_case, every double a rounded
/// figure (<see cref="FigureConverter"/>), keys in declaration order. Each family's records are in a
/// file of their own in this folder; docs/api.md gives their schemas.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(FigureConverter)])]
[JsonSerializable(typeof(AnalyzeDocument))]
[JsonSerializable(typeof(ChokepointsDocument))]
[JsonSerializable(typeof(CompareDocument))]
[JsonSerializable(typeof(LeverageMatrixDocument))]
[JsonSerializable(typeof(ScenarioDocument))]
[JsonSerializable(typeof(ScenarioBandsDocument))]
[JsonSerializable(typeof(RecoveryDocument))]
[JsonSerializable(typeof(DiffDocument))]
[JsonSerializable(typeof(OptimizeDocument))]
[JsonSerializable(typeof(ValidateDocument))]
[JsonSerializable(typeof(IReadOnlyList<ValidateDocument>))]
[JsonSerializable(typeof(DiagnosticJson))]
[JsonSerializable(typeof(BandJson))]
[JsonSerializable(typeof(ShowDocument))]
[JsonSerializable(typeof(FaultTreeDocument))]
[JsonSerializable(typeof(CycloneDxImportDocument))]
[JsonSerializable(typeof(EtoImportDocument))]
[JsonSerializable(typeof(TableImportDocument))]
[JsonSerializable(typeof(ExportDocument))]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(ExamplesDocument))]
[JsonSerializable(typeof(ExamplesCopyDocument))]
[JsonSerializable(typeof(IReadOnlyList<ModelListDocument.ModelItemJson>))]
[JsonSerializable(typeof(ModelSavedDocument))]
[JsonSerializable(typeof(ModelVersionDocument))]
[JsonSerializable(typeof(IReadOnlyList<RunSummaryJson>))]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(ApiKeyDocument))]
[JsonSerializable(typeof(ServeDocument))]
[JsonSerializable(typeof(SiloEventDocument))]
[JsonSerializable(typeof(JobStartedDocument))]
public sealed partial class ResultJsonContext : JsonSerializerContext;
