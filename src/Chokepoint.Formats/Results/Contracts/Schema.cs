using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>
/// The schema of every result document, written from the generated contracts themselves (so the
/// documentation cannot drift from what is written): docs/api.md carries it, and a test holds the
/// two equal.
/// </summary>
public static class ContractSchema
{
    /// <summary>Each document with what writes it, in the order docs/api.md lists them.</summary>
    public static IReadOnlyList<(string WrittenBy, Type Document)> Documents { get; } =
    [
        ("analyze", typeof(AnalyzeDocument)),
        ("chokepoints", typeof(ChokepointsDocument)),
        ("leverage", typeof(LeverageMatrixDocument)),
        ("compare", typeof(CompareDocument)),
        ("scenario", typeof(ScenarioDocument)),
        ("scenario-samples job (and scenario's uncertainty)", typeof(ScenarioBandsDocument)),
        ("recover", typeof(RecoveryDocument)),
        ("diff", typeof(DiffDocument)),
        ("optimize", typeof(OptimizeDocument)),
        ("validate (one file; several make a list)", typeof(ValidateDocument)),
        ("validate, several files", typeof(ValidateListDocument)),
        ("show", typeof(ShowDocument)),
        ("fault-tree", typeof(FaultTreeDocument)),
        ("import cyclonedx", typeof(CycloneDxImportDocument)),
        ("import eto", typeof(EtoImportDocument)),
        ("import table", typeof(TableImportDocument)),
        ("export", typeof(ExportDocument)),
        ("report", typeof(ReportDocument)),
        ("examples list", typeof(ExamplesDocument)),
        ("examples copy", typeof(ExamplesCopyDocument)),
        ("GET /api/models", typeof(ModelListDocument)),
        ("POST /api/models/{id}", typeof(ModelSavedDocument)),
        ("GET /api/models/{id}", typeof(ModelVersionDocument)),
        ("GET /api/runs", typeof(RunListDocument)),
        ("GET /api/runs/{id}", typeof(RunDocument)),
        ("POST /api/models/{id}/jobs/{kind}", typeof(JobStartedDocument)),
        ("serve --add-key", typeof(ApiKeyDocument)),
        ("serve", typeof(ServeDocument)),
        ("silo (one line each)", typeof(SiloEventDocument)),
    ];

    /// <summary>The Markdown of the schemas: the shared parts once, then each document.</summary>
    public static string Markdown()
    {
        var shared = new SortedDictionary<string, Type>(StringComparer.Ordinal);
        var documents = new StringBuilder();
        foreach (var (writtenBy, type) in Documents)
        {
            documents.Append(System.Globalization.CultureInfo.InvariantCulture, $"#### {writtenBy}\n\n");
            var info = ResultJsonContext.Default.GetTypeInfo(((ResultDocument)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)).Contract().Type)!;
            Describe(documents, info, 0, shared);
            documents.Append('\n');
        }

        var text = new StringBuilder("#### Shared parts\n\n");
        var written = new HashSet<Type>();
        while (shared.Count > 0)
        {
            var (name, type) = shared.First();
            shared.Remove(name);
            if (!written.Add(type))
            {
                continue;
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"- `{name}`:\n");
            Describe(text, ResultJsonContext.Default.GetTypeInfo(type)!, 1, shared);
        }

        return text.Append('\n').Append(documents).ToString().TrimEnd() + "\n";
    }

    private static void Describe(StringBuilder text, JsonTypeInfo info, int depth, SortedDictionary<string, Type> shared)
    {
        var indent = new string(' ', depth * 2);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{indent}- a {Name(info.Type, shared, out _)}\n");
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var p in info.Properties)
        {
            var member = p.AttributeProvider as PropertyInfo;
            var nullable = member is not null && nullability.Create(member).ReadState == NullabilityState.Nullable;
            var optional = p.ShouldSerialize is not null;
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var name = Name(type, shared, out var expand);
            var note = optional ? " (present only when it has a value)" : nullable || Nullable.GetUnderlyingType(p.PropertyType) is not null ? " or null" : "";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{indent}- `{p.Name}`: {name}{note}\n");
            if (expand is { } inner)
            {
                Describe(text, ResultJsonContext.Default.GetTypeInfo(inner)!, depth + 1, shared);
            }
        }
    }

    /// <summary>A type's name in the schema; <paramref name="expand"/> is a nested record to describe in place.</summary>
    private static string Name(Type type, SortedDictionary<string, Type> shared, out Type? expand)
    {
        expand = null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "integer";
        }

        if (type == typeof(double))
        {
            return "number";
        }

        if (type == typeof(Count) || type == typeof(ExactCount))
        {
            return "count (an integer; a string beyond 2^63)";
        }

        if (type == typeof(JsonElement))
        {
            return "JSON document";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(Dictionary<,>)))
        {
            return "object of " + Name(type.GetGenericArguments()[1], shared, out expand) + " by key";
        }

        if (type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            return "list of " + Name(enumerable.GetGenericArguments()[0], shared, out expand);
        }

        if (type.IsNested)
        {
            expand = type;
            return "object";
        }

        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        shared.TryAdd(name, type);
        return $"`{name}`";
    }
}
