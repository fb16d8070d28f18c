using System.Text.Json.Nodes;
using Chokepoint.Analysis.Model;
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
    /// <summary>The document on one line (a 10,000-component stack is large enough without indentation).</summary>
    public static string Write(StackModel model, StackStructure structure)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(structure);
        var root = JsonNode.Parse(ModelWriter.ToJson(model))!.AsObject();
        if (root["components"] is JsonArray components)
        {
            for (var c = 0; c < components.Count; c++)
            {
                Add(components[c]!.AsObject(), structure.Components[c]);
            }
        }

        root["layers"] = AnalysisJson.Strings(structure.Layers);
        root["target"] = structure.Target < 0 ? null : new JsonObject
        {
            ["id"] = structure.TargetId,
            ["component"] = model.Components[structure.Target].Id,
            ["index"] = structure.Target,
        };
        return Json.Compact(root);
    }

    private static void Add(JsonObject component, ComponentPlace place)
    {
        component["inputs"] = Numbers(place.Inputs);
        if (place.AlternativeInputs.Count > 0)
        {
            component["alternative_inputs"] = Numbers(place.AlternativeInputs);
        }

        component["used_by"] = Numbers(place.UsedBy);
        if (place.NeededByTarget)
        {
            component["needed_by"] = Numbers(place.NeededBy);
            component["path_to_target"] = place.NextTowardTarget < 0 ? null : place.NextTowardTarget;
        }

        if (place.ProductionJurisdictions.Count > 0)
        {
            component["production_jurisdictions"] = new JsonArray(place.ProductionJurisdictions.Select(j => (JsonNode?)j).ToArray());
        }
    }

    private static JsonArray Numbers(IEnumerable<int> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
