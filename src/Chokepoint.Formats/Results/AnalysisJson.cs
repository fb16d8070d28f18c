using System.Text.Json.Nodes;
using Chokepoint.Analysis.Diff;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Formats.Results;

/// <summary>The JSON shapes of analysis results, the same for the command line and the web service.</summary>
public static class AnalysisJson
{
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    public static JsonObject CutSets(CutSetResult r, bool withSets = true)
    {
        var byOrder = new JsonObject();
        foreach (var (order, count) in r.ByOrder.OrderBy(kv => kv.Key))
        {
            byOrder[order.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Count(count);
        }

        var o = new JsonObject { ["count"] = Count(r.Count), ["by_order"] = byOrder };
        if (withSets)
        {
            o["sets"] = new JsonArray(r.Sets.Select(s => (JsonNode)Strings(s.Members)).ToArray());
        }

        return o;
    }

    /// <summary>Counts fit a long in practice; beyond it they are written as a string rather than rounded.</summary>
    public static JsonNode Count(System.Numerics.BigInteger n) => n <= long.MaxValue ? JsonValue.Create((long)n) : JsonValue.Create(n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static JsonArray Importance(IEnumerable<EventImportance> importance) => new(importance.Select(i => (JsonNode)new JsonObject
    {
        ["event"] = i.Event,
        ["birnbaum"] = Json.Number(i.Birnbaum),
        ["criticality"] = Json.Number(i.Criticality),
        ["fussell_vesely"] = Json.Number(i.FussellVesely),
        ["raw"] = Json.Number(i.Raw),
        ["rrw"] = Json.Number(i.Rrw),
    }).ToArray());

    /// <summary>The key that names an event: "jurisdiction", or "firm" when the events are firms.</summary>
    public static string EventKey(EventKind kind) => kind == EventKind.Firms ? "firm" : "jurisdiction";

    /// <summary>The standing controls in force (DESIGN.md section 2a), as every result names them.</summary>
    public static JsonArray Controls(IEnumerable<ControlInForce> controls) => new(controls.Select(k => (JsonNode)new JsonObject
    {
        ["name"] = k.Name,
        ["by"] = k.By,
        ["targets"] = k.Control.Targets is { } targets ? Strings(targets) : null,
        ["scope"] = new JsonObject { ["layers"] = Strings(k.Control.ScopeLayers), ["components"] = Strings(k.Control.ScopeComponents) },
        ["reach"] = k.Rule is { } rule ? new JsonObject { ["de_minimis"] = Json.Number(rule.DeMinimis), ["layers"] = Strings(rule.Layers) } : null,
        ["source"] = k.Control.Source,
        ["as_of"] = k.Control.AsOf,
    }).ToArray());

    public static JsonArray Leverage(IEnumerable<Leverage> leverage, EventKind kind = EventKind.Jurisdictions) => new(leverage.Select(l => (JsonNode)new JsonObject
    {
        [EventKey(kind)] = l.Event,
        ["cut_power"] = l.CutPower,
        ["capacity_after"] = Json.Number(l.CapacityAfter),
        ["retained"] = Json.Number(l.Retained),
        ["capacity_loss"] = Json.Number(l.CapacityLoss),
        ["smallest_coalition"] = l.SmallestCoalition,
        ["raw"] = Json.Number(l.Raw),
        ["birnbaum"] = Json.Number(l.Birnbaum),
    }).ToArray());

    public static JsonObject Concentration(Concentration c) => new()
    {
        ["component"] = c.ComponentId,
        ["hhi"] = Json.Number(c.Hhi),
        ["top_supplier"] = c.TopSupplier,
        ["top_share"] = Json.Number(c.TopShare),
        ["hhi_without_top"] = Json.Number(c.HhiWithoutTop),
    };

    /// <summary>The <c>analyze</c> result.</summary>
    public static JsonObject Analysis(string? name, HomeAnalysisResult r)
    {
        var o = new JsonObject
        {
            ["name"] = name,
            ["home"] = r.Home,
            ["target"] = r.TargetId,
            ["component"] = r.TargetComponent,
            ["reach"] = r.Reach,
            ["controls_in_force"] = Controls(r.Controls),
            ["domestic"] = Strings(r.Domestic),
            ["events"] = Strings(r.Events),
            ["max_order"] = r.MaxOrder,
            ["baseline_capacity"] = Json.Number(r.BaselineCapacity),
            ["domestic_only"] = new JsonObject { ["available"] = r.DomesticOnlyAvailable, ["capacity"] = Json.Number(r.DomesticOnlyCapacity), ["retained"] = Json.Number(r.DomesticOnlyRetained) },
            ["foreign_share"] = Json.Number(r.ForeignShare),
            ["layers"] = new JsonArray(r.Layers.Select(l => (JsonNode)new JsonObject
            {
                ["layer"] = l.Layer,
                ["components"] = l.Components,
                ["foreign_share"] = Json.Number(l.ForeignShare),
                ["without_domestic_provider"] = l.WithoutDomesticProvider,
            }).ToArray()),
            ["most_concentrated"] = new JsonArray(r.MostConcentrated.Select(c => (JsonNode)Concentration(c)).ToArray()),
            ["cut_sets"] = CutSets(r.CutSets),
            ["coalitions"] = new JsonArray(r.Coalitions.Select(c => (JsonNode)new JsonObject
            {
                ["members"] = Strings(c.Coalition.Members),
                ["breaks"] = Strings(c.Breaks),
                ["probability"] = Json.Number(c.Probability),
            }).ToArray()),
            ["leverage"] = Leverage(r.Leverage, r.EventKind),
        };
        if (r.CutSets.Probability is { } p)
        {
            o["probability"] = Json.Number(p);
            o["importance"] = Importance(r.CutSets.Importance);
            o["events_without_probability"] = Strings(r.EventsWithoutProbability);
        }

        return o;
    }

    /// <summary>One row of <c>compare</c>: a model analysed for a home, in brief.</summary>
    public static JsonObject CompareRow(string model, string? name, HomeAnalysisResult r) => new()
    {
        ["model"] = model,
        ["name"] = name,
        ["home"] = r.Home,
        ["target"] = r.TargetId,
        ["reach"] = r.Reach,
        ["controls_in_force"] = Strings(r.Controls.Select(k => k.Name)),
        ["baseline_capacity"] = Json.Number(r.BaselineCapacity),
        ["domestic_only"] = r.DomesticOnlyAvailable,
        ["domestic_only_retained"] = Json.Number(r.DomesticOnlyRetained),
        ["strongest_holder_retained"] = Json.Number(r.Leverage.FirstOrDefault()?.Retained),
        ["foreign_share"] = Json.Number(r.ForeignShare),
        ["single_cuts"] = Strings(r.CutSets.Sets.Where(s => s.Order == 1).Select(s => s.Members[0])),
        ["smallest_coalition"] = r.CutSets.SmallestOrder,
        ["cut_sets"] = CutSets(r.CutSets, withSets: false),
        ["strongest_holder"] = r.Leverage.FirstOrDefault()?.Event,
        ["probability"] = Json.Number(r.CutSets.Probability),
    };

    /// <summary>The <c>scenario</c> result.</summary>
    public static JsonObject Scenario(ScenarioResult r)
    {
        var capacity = new JsonObject();
        foreach (var (id, value) in r.Capacity)
        {
            capacity[id] = Json.Number(value);
        }

        var retained = new JsonObject();
        foreach (var (id, value) in r.Retained.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            retained[id] = Json.Number(value);
        }

        return new JsonObject
        {
            ["scenario"] = r.Name,
            ["home"] = r.Home,
            ["target"] = r.Target,
            ["restricted"] = Strings(r.Restricted),
            ["reach"] = r.Reach,
            ["controls_in_force"] = Controls(r.Controls),
            ["scope"] = new JsonObject { ["layers"] = Strings(r.ScopeLayers), ["components"] = Strings(r.ScopeComponents) },
            ["target_available"] = r.TargetAvailable,
            ["target_capacity"] = Json.Number(r.TargetCapacity),
            ["target_retained"] = Json.Number(r.TargetRetained),
            ["target_baseline_capacity"] = Json.Number(r.TargetBaselineCapacity),
            ["failed"] = Strings(r.Failed),
            ["failures"] = new JsonArray(r.Failures.Select(f => (JsonNode)new JsonObject
            {
                ["component"] = f.Component,
                ["cause"] = f.Cause,
                ["restricted"] = f.Restricted,
                ["input_failed"] = f.InputFailed,
                ["path_to_target"] = Strings(f.PathToTarget),
            }).ToArray()),
            ["capacity"] = capacity,
            ["retained"] = retained,
        };
    }

    /// <summary>The <c>leverage</c> result.</summary>
    public static JsonObject LeverageMatrix(LeverageMatrixResult r) => new()
    {
        ["target"] = r.TargetId,
        ["homes"] = Strings(r.Homes),
        ["max_order"] = r.MaxOrder,
        ["controls_in_force"] = new JsonObject(r.Homes.Distinct(StringComparer.Ordinal).Select(h => KeyValuePair.Create(h, (JsonNode?)Strings(r.Controls.TryGetValue(h, out var k) ? k.Select(c => c.Name) : [])))),
        ["cells"] = new JsonArray(r.Cells.Select(c => (JsonNode)new JsonObject
        {
            ["holder"] = c.Holder,
            ["home"] = c.Home,
            ["applicable"] = c.Applicable,
            ["cut_power"] = c.CutPower,
            ["capacity_before"] = Json.Number(c.CapacityBefore),
            ["capacity_after"] = Json.Number(c.CapacityAfter),
            ["retained"] = Json.Number(c.Retained),
            ["capacity_loss"] = Json.Number(1 - c.CapacityAfter),
            ["smallest_coalition"] = c.SmallestCoalition,
            ["raw"] = Json.Number(c.Raw),
            ["score"] = Json.Number(c.Score),
        }).ToArray()),
        ["asymmetry"] = new JsonArray(r.AsymmetricPairs().Select(p => (JsonNode)new JsonObject { ["a"] = p.A, ["b"] = p.B, ["value"] = Json.Number(p.Value) }).ToArray()),
        ["ranking"] = new JsonArray(r.Ranking().Select(x => (JsonNode)new JsonObject { ["jurisdiction"] = x.Holder, ["total"] = Json.Number(x.Total), ["cuts"] = x.Cuts }).ToArray()),
    };

    /// <summary>The <c>recover</c> result.</summary>
    public static JsonObject Recovery(RecoveryResult r)
    {
        var components = new JsonObject();
        foreach (var (id, curve) in r.ComponentCapacity)
        {
            components[id] = new JsonArray(curve.Select(v => Json.Number(v)).ToArray());
        }

        return new JsonObject
        {
            ["scenario"] = r.Name,
            ["home"] = r.Home,
            ["target"] = r.Target,
            ["restricted"] = Strings(r.Restricted),
            ["controls_in_force"] = Controls(r.Controls),
            ["start_month"] = Json.Number(r.StartMonth),
            ["months"] = r.Months,
            ["first_cut_month"] = r.FirstCutMonth,
            ["recovery_month"] = r.RecoveryMonth,
            ["target_capacity"] = new JsonArray(r.TargetCapacity.Select(v => Json.Number(v)).ToArray()),
            ["target_baseline_capacity"] = Json.Number(r.TargetBaselineCapacity),
            ["target_retained"] = new JsonArray(r.TargetRetained.Select(v => Json.Number(v)).ToArray()),
            ["target_available"] = new JsonArray(r.TargetAvailable.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["component_capacity"] = components,
            ["substitutions"] = new JsonArray(r.Substitutions.Select(s => (JsonNode)new JsonObject
            {
                ["component"] = s.Component,
                ["jurisdiction"] = s.Jurisdiction,
                ["share"] = Json.Number(s.Share),
                ["lead_time_months"] = Json.Number(s.LeadTimeMonths),
                ["ramp_months"] = Json.Number(s.RampMonths),
                ["delay_without"] = s.DelayWithout,
            }).ToArray()),
            ["critical_path"] = r.CriticalPath is { } c ? new JsonObject { ["component"] = c.Component, ["jurisdiction"] = c.Jurisdiction } : null,
        };
    }

    /// <summary>The <c>diff</c> result.</summary>
    public static JsonObject Diff(ModelDiffResult r) => new()
    {
        ["home"] = r.Home,
        ["target"] = r.Target,
        ["baseline_capacity"] = new JsonObject { ["old"] = Json.Number(r.OldBaseline), ["new"] = Json.Number(r.NewBaseline) },
        ["components"] = new JsonObject { ["added"] = Strings(r.AddedComponents), ["removed"] = Strings(r.RemovedComponents) },
        ["providers"] = new JsonArray(r.Providers.Select(p => (JsonNode)new JsonObject
        {
            ["component"] = p.Component,
            ["provider"] = p.Provider,
            ["change"] = p.Change,
            ["old_share"] = Json.Number(p.OldShare),
            ["new_share"] = Json.Number(p.NewShare),
        }).ToArray()),
        ["cut_sets"] = new JsonObject
        {
            ["added"] = new JsonArray(r.AddedCutSets.Select(s => (JsonNode)Strings(s.Members)).ToArray()),
            ["removed"] = new JsonArray(r.RemovedCutSets.Select(s => (JsonNode)Strings(s.Members)).ToArray()),
        },
        ["controls_in_force"] = new JsonObject { ["old"] = Controls(r.OldControls), ["new"] = Controls(r.NewControls) },
        ["regime"] = new JsonArray(r.Regime.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = c.Kind,
            ["id"] = c.Id,
            ["change"] = c.Change,
            ["old"] = c.Old,
            ["new"] = c.New,
        }).ToArray()),
        ["cut_sets_by_controls"] = new JsonObject
        {
            ["added"] = new JsonArray(r.CutSetsAddedByControls.Select(s => (JsonNode)Strings(s.Members)).ToArray()),
            ["removed"] = new JsonArray(r.CutSetsRemovedByControls.Select(s => (JsonNode)Strings(s.Members)).ToArray()),
        },
        ["leverage"] = new JsonArray(r.Leverage.Select(l => (JsonNode)new JsonObject
        {
            [EventKey(r.EventKind)] = l.Jurisdiction,
            ["old"] = l.Old is null ? null : Leverage([l.Old], r.EventKind)[0]!.DeepClone(),
            ["new"] = l.New is null ? null : Leverage([l.New], r.EventKind)[0]!.DeepClone(),
            ["score_shift"] = Json.Number(l.ScoreShift(r.OldBaseline, r.NewBaseline)),
        }).ToArray()),
        ["scenarios"] = new JsonArray(r.Scenarios.Select(s => (JsonNode)new JsonObject
        {
            ["scenario"] = s.Scenario,
            ["old_target_capacity"] = Json.Number(s.OldCapacity),
            ["new_target_capacity"] = Json.Number(s.NewCapacity),
            ["old_target_retained"] = Json.Number(s.OldRetained),
            ["new_target_retained"] = Json.Number(s.NewRetained),
            ["old_cut"] = s.OldCut,
            ["new_cut"] = s.NewCut,
            ["note"] = s.Note,
        }).ToArray()),
    };

    /// <summary>The <c>chokepoints</c> result.</summary>
    public static JsonObject Chokepoints(string home, string targetId, string componentId, IReadOnlyList<string> events, int? maxOrder, CutSetResult result, IReadOnlyList<string> eventsWithoutProbability, IReadOnlyList<ControlInForce> controls)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = new JsonObject
        {
            ["home"] = home,
            ["target"] = targetId,
            ["component"] = componentId,
            ["controls_in_force"] = Controls(controls),
            ["events"] = Strings(events),
            ["max_order"] = maxOrder,
            ["cut_sets"] = CutSets(result),
        };
        if (result.Probability is { } p)
        {
            o["probability"] = Json.Number(p);
            o["events_without_probability"] = Strings(eventsWithoutProbability);
        }

        return o;
    }

    /// <summary>One validation finding, as <c>validate --json</c> and the API's problem documents write it.</summary>
    public static JsonObject Diagnostic(Chokepoint.Analysis.Validation.Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new JsonObject
        {
            ["severity"] = d.Severity == Chokepoint.Analysis.Validation.Severity.Error ? "error" : "warning",
            ["code"] = d.Code,
            ["file"] = d.File,
            ["line"] = d.Line,
            ["column"] = d.Column,
            ["path"] = d.Path,
            ["message"] = d.Message,
            ["fix"] = d.Fix,
        };
    }
}
