using System.Text.Encodings.Web;
using System.Text.Json;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Documents;
using Chokepoint.Formats.Models;

namespace Chokepoint.Formats.Results;

/// <summary>
/// The model as chokepoint/v1 JSON with its <see cref="StackStructure"/> added, as the dashboard reads
/// it: top-level <c>layers</c> and <c>target</c>, and per component <c>inputs</c>, <c>alternative_inputs</c>,
/// <c>used_by</c>, <c>needed_by</c>, <c>path_to_target</c> and <c>production_jurisdictions</c>.
/// Components are named by their position in <c>components</c>, so the document grows linearly with the stack.
/// </summary>
public static class StructureJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The document on one line, streamed from the model's document tree: a 10,000-component stack is
    /// megabytes, too large to build as a JSON tree and write again.
    /// </summary>
    public static string Write(StackModel model, StackStructure structure)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(structure);
        if (structure.Components.Count != model.Components.Count)
        {
            throw new ArgumentException("the structure is of another model.", nameof(structure));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            foreach (var (key, value) in ModelWriter.ToNode(model).Entries)
            {
                w.WritePropertyName(key.Value);
                if (key.Value == "components" && value is SequenceNode components)
                {
                    WriteComponents(w, components, structure);
                }
                else
                {
                    ModelWriter.EmitJson(w, value);
                }
            }

            w.WriteStartArray("layers");
            foreach (var layer in structure.Layers)
            {
                w.WriteStringValue(layer);
            }

            w.WriteEndArray();
            if (structure.Target < 0)
            {
                w.WriteNull("target");
            }
            else
            {
                w.WriteStartObject("target");
                w.WriteString("id", structure.TargetId);
                w.WriteString("component", model.Components[structure.Target].Id);
                w.WriteNumber("index", structure.Target);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteComponents(Utf8JsonWriter w, SequenceNode components, StackStructure structure)
    {
        w.WriteStartArray();
        for (var c = 0; c < components.Items.Count; c++)
        {
            w.WriteStartObject();
            foreach (var (key, value) in ((MappingNode)components.Items[c]).Entries)
            {
                w.WritePropertyName(key.Value);
                ModelWriter.EmitJson(w, value);
            }

            WritePlace(w, structure.Components[c]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePlace(Utf8JsonWriter w, ComponentPlace place)
    {
        Numbers(w, "inputs", place.Inputs);
        if (place.AlternativeInputs.Count > 0)
        {
            Numbers(w, "alternative_inputs", place.AlternativeInputs);
        }

        Numbers(w, "used_by", place.UsedBy);
        if (place.NeededByTarget)
        {
            Numbers(w, "needed_by", place.NeededBy);
            if (place.NextTowardTarget < 0)
            {
                w.WriteNull("path_to_target");
            }
            else
            {
                w.WriteNumber("path_to_target", place.NextTowardTarget);
            }
        }

        if (place.ProductionJurisdictions.Count > 0)
        {
            w.WriteStartArray("production_jurisdictions");
            foreach (var j in place.ProductionJurisdictions)
            {
                if (j is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteStringValue(j);
                }
            }

            w.WriteEndArray();
        }
    }

    private static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
