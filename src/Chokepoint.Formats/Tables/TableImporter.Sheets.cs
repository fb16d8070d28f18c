using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;

namespace Chokepoint.Formats.Tables;

/// <summary>The other sheets, and how the model is put together from them, the base and inference.</summary>
internal sealed partial class TableImporter
{
    private StackModel Assemble(Dictionary<string, TableSheet> found, Parsed table)
    {
        var baseComponents = (_base?.Components ?? []).GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var substitution = found.TryGetValue("substitution", out var s) ? ReadPerComponent(s, StackTable.SubstitutionColumns, table, Substitution) : null;
        var actions = found.TryGetValue("actions", out var a) ? ReadPerComponent(a, StackTable.ActionColumns, table, Action) : null;
        if (_base is not null)
        {
            foreach (var (part, present) in new[] { ("substitution", substitution is not null), ("actions", actions is not null) })
            {
                if (!present)
                {
                    _fromBase.Add(part);
                }
            }

            foreach (var column in new[] { "name", "category", "stockpile_months", "component_source", "component_as_of" }.Where(c => !table.Cells.Has(c)))
            {
                _fromBase.Add($"components.{column}");
            }
        }

        var components = table.Components.Select(rows =>
        {
            var old = baseComponents.GetValueOrDefault(rows.Id);
            T? Get<T>(string column, Func<Component, T?> fromBase) =>
                rows.Values.TryGetValue(column, out var v) ? (T)v.Value : table.Cells.Has(column) || old is null ? default : fromBase(old);
            return new Component
            {
                Id = rows.Id,
                Name = Get("name", x => x.Name),
                Layer = rows.Values.TryGetValue("layer", out var layer) ? (string)layer.Value : "",
                Category = Get("category", x => x.Category),
                Requires = rows.Values.TryGetValue("requires", out var r) ? ((RequiresValue)r.Value).Requires : [],
                Providers = rows.Providers,
                Threshold = rows.Values.TryGetValue("threshold", out var t) ? (double)t.Value : null,
                Substitution = substitution is not null ? substitution.GetValueOrDefault(rows.Id, []) : old?.Substitution ?? [],
                Actions = actions is not null ? actions.GetValueOrDefault(rows.Id, []) : old?.Actions ?? [],
                StockpileMonths = rows.Values.TryGetValue("stockpile_months", out var m) ? (double)m.Value : table.Cells.Has("stockpile_months") ? null : old?.StockpileMonths,
                Source = Get("component_source", x => x.Source),
                AsOf = Get("component_as_of", x => x.AsOf),
                Span = table.Cells.Span(rows.First, "component", "layer", "requires", "threshold", "name", "category", "stockpile_months", "component_source", "component_as_of"),
            };
        }).ToList();

        var meta = found.TryGetValue("model", out var ms) ? ReadModelSheet(ms) : null;
        var blocs = Sheet(found, "blocs", StackTable.BlocColumns, ["id"], _base?.Blocs, Bloc);
        var controls = Sheet(found, "controls", StackTable.ControlColumns, ["name", "by"], _base?.Controls, Control);
        var scenarios = Sheet(found, "scenarios", StackTable.ScenarioColumns, ["name"], _base?.Scenarios, Scenario);
        var organizations = Organizations(found, table);
        var targets = Sheet(found, "targets", StackTable.TargetColumns, ["id", "component"], _base?.Targets, Target) ?? InferTargets(components);
        if (meta is null && _base is not null)
        {
            _fromBase.Add("model");
        }

        var model = new StackModel
        {
            Schema = meta?.Schema ?? StackModel.SchemaV1,
            Name = meta is not null ? meta.Name : _base?.Name,
            Home = options.Home ?? (meta is not null ? meta.Home : _base?.Home),
            ShareTolerance = meta is not null ? meta.ShareTolerance : _base?.ShareTolerance,
            Attribution = meta is not null ? meta.Attribution : _base?.Attribution,
            Blocs = blocs ?? [],
            Organizations = organizations,
            Components = components,
            Targets = targets,
            Scenarios = scenarios ?? [],
            Controls = controls ?? [],
            Span = meta?.Span,
        };
        return model with { Jurisdictions = Jurisdictions(found, model) };
    }

    /// <summary>A sheet's records, or the base's when the file has no such sheet (null when neither has it).</summary>
    private IReadOnlyList<T>? Sheet<T>(Dictionary<string, TableSheet> found, string kind, IReadOnlyList<string> columns, string[] required, IReadOnlyList<T>? fromBase, Func<TableCells, TableRow, T?> read)
        where T : class
    {
        if (!found.TryGetValue(kind, out var sheet))
        {
            if (fromBase is not null)
            {
                _fromBase.Add(kind);
            }

            return fromBase;
        }

        var cells = Open(sheet, columns, required);
        return required.All(cells.Has) ? cells.Rows.Select(row => read(cells, row)).OfType<T>().ToList() : [];
    }

    private Dictionary<string, IReadOnlyList<T>> ReadPerComponent<T>(TableSheet sheet, IReadOnlyList<string> columns, Parsed table, Func<TableCells, TableRow, T?> read)
        where T : class
    {
        var known = table.Components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var cells = Open(sheet, columns, "component");
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        if (!cells.Has("component"))
        {
            return [];
        }

        foreach (var row in cells.Rows)
        {
            var id = cells.Required(row, "component", "the id of a component of the components sheet");
            if (id is null)
            {
                continue;
            }

            if (!known.Contains(id))
            {
                var near = Suggest.Nearest(id, known);
                cells.Fail(row, "component", $"component {id} is not in the components sheet.", near is null ? "Write the id of a component of the components sheet." : $"Did you mean '{near}'?");
                continue;
            }

            if (read(cells, row) is { } item)
            {
                (result.TryGetValue(id, out var list) ? list : result[id] = []).Add(item);
            }
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<T>)kv.Value, StringComparer.Ordinal);
    }

    private static Substitution? Substitution(TableCells cells, TableRow row) =>
        cells.Required(row, "jurisdiction", "where the substitute supply would come from, such as JP") is not { } jurisdiction ? null : new Substitution
        {
            Jurisdiction = jurisdiction,
            Share = cells.Number(row, "share", 0, 1, share: true),
            LeadTimeMonths = cells.Number(row, "lead_time_months", min: 0),
            RampMonths = cells.Number(row, "ramp_months", min: 0),
            Cost = cells.Number(row, "cost", min: 0),
            Source = cells.Free(row, "source"),
            AsOf = cells.Free(row, "as_of"),
            Span = cells.Span(row, "jurisdiction", "share", "lead_time_months", "ramp_months", "cost", "source", "as_of"),
        };

    private static RepositioningAction? Action(TableCells cells, TableRow row)
    {
        var text = cells.Required(row, "kind", "domestic, friendly or stockpile");
        ActionKind? kind = text?.ToLowerInvariant() switch
        {
            null => null,
            "domestic" => ActionKind.Domestic,
            "friendly" => ActionKind.Friendly,
            "stockpile" => ActionKind.Stockpile,
            _ => null,
        };
        if (text is not null && kind is null)
        {
            cells.Fail(row, "kind", $"'{text}' is not a kind of action.", "Write domestic, friendly or stockpile.");
        }

        return kind is not { } k ? null : new RepositioningAction
        {
            Kind = k,
            Jurisdiction = cells.Text(row, "jurisdiction"),
            Share = cells.Number(row, "share", 0, 1, share: true),
            Months = cells.Number(row, "months", min: 0),
            Cost = cells.Number(row, "cost", min: 0),
            LeadTimeMonths = cells.Number(row, "lead_time_months", min: 0),
            Source = cells.Free(row, "source"),
            AsOf = cells.Free(row, "as_of"),
            Span = cells.Span(row, "kind", "jurisdiction", "share", "months", "cost", "lead_time_months", "source", "as_of"),
        };
    }

    private static Bloc? Bloc(TableCells cells, TableRow row) =>
        cells.Required(row, "id", "the bloc's id, such as EU") is not { } id ? null
            : new Bloc { Id = id, Name = cells.Free(row, "name"), Members = cells.List(row, "members"), Span = cells.Span(row, "id", "name", "members") };

    private static Target? Target(TableCells cells, TableRow row)
    {
        var id = cells.Required(row, "id", "the target's id, such as ai-phone");
        var component = cells.Required(row, "component", "the id of the component the target is");
        return id is null || component is null ? null
            : new Target { Id = id, Name = cells.Free(row, "name"), Component = component, Span = cells.Span(row, "id", "name", "component") };
    }

    private static Control? Control(TableCells cells, TableRow row)
    {
        var name = cells.Required(row, "name", "the control's name, such as us-entity-list-huawei");
        var by = cells.Required(row, "by", "the restricting jurisdiction, such as US");
        var targets = cells.Text(row, "targets");
        var (declared, rule) = Reach(cells, row, allowTrue: true);
        return name is null || by is null ? null : new Control
        {
            Name = name,
            By = by,
            Targets = targets is null ? null : targets == StackTable.NoTargets ? [] : TableCells.SplitList(targets),
            ScopeLayers = cells.List(row, "scope_layers"),
            ScopeComponents = cells.List(row, "scope_components"),
            DeclaredReach = declared,
            Reach = rule,
            Source = cells.Free(row, "source"),
            AsOf = cells.Free(row, "as_of"),
            Span = cells.Span(row, "name", "by", "targets", "scope_layers", "scope_components", "reach", "source", "as_of"),
        };
    }

    /// <summary>
    /// A reach cell: a number is a rule's de minimis share (with the reach_layers cell); <c>true</c>
    /// (for a control: its jurisdiction's declared rule) or <c>false</c> (for a jurisdiction: no rule).
    /// </summary>
    private static (bool Flag, ReachRule? Rule) Reach(TableCells cells, TableRow row, bool allowTrue)
    {
        var text = cells.Text(row, "reach");
        var layers = cells.List(row, "reach_layers");
        var word = allowTrue ? "true" : "false";
        if (text is null)
        {
            if (layers.Count > 0)
            {
                cells.Fail(row, "reach_layers", "reach_layers is filled in but reach is empty.", "Write the rule's de minimis share in reach (such as 0.25), or clear reach_layers.");
            }

            return (false, null);
        }

        if (string.Equals(text, word, StringComparison.OrdinalIgnoreCase))
        {
            return (true, null);
        }

        if (Models.ModelReader.ParseShare(text) is null)
        {
            cells.Fail(row, "reach", $"'{text}' is neither {word} nor a de minimis share.", $"Write {word}, or a rule's de minimis share such as 0.25.");
            return (false, null);
        }

        return cells.Number(row, "reach", 0, 1, share: true) is { } deMinimis
            ? (false, new ReachRule { DeMinimis = deMinimis, Layers = layers, Span = cells.Span(row, "reach", "reach_layers") })
            : (false, null);
    }

    private static Scenario? Scenario(TableCells cells, TableRow row) =>
        cells.Required(row, "name", "the scenario's name") is not { } name ? null : new Scenario
        {
            Name = name,
            Restrict = cells.List(row, "restrict"),
            Reach = cells.Bool(row, "reach"),
            ScopeLayers = cells.List(row, "scope_layers"),
            ScopeComponents = cells.List(row, "scope_components"),
            StartMonth = cells.Number(row, "start_month", min: 0),
            Home = cells.Text(row, "home"),
            Target = cells.Text(row, "target"),
            Span = cells.Span(row, "name", "restrict", "reach", "scope_layers", "scope_components", "start_month", "home", "target"),
        };

    private sealed record Meta(string Schema, string? Name, string? Home, double? ShareTolerance, string? Attribution, SourceSpan? Span);

    private Meta ReadModelSheet(TableSheet sheet)
    {
        var cells = Open(sheet, StackTable.ModelColumns, "key", "value");
        var values = new Dictionary<string, TableRow>(StringComparer.Ordinal);
        foreach (var row in cells.Rows)
        {
            var key = cells.Required(row, "key", $"one of {string.Join(", ", StackTable.ModelKeys)}");
            if (key is null)
            {
                continue;
            }

            var normalized = TableCells.Normalize(key);
            if (!StackTable.ModelKeys.Contains(normalized, StringComparer.Ordinal))
            {
                var near = Suggest.Nearest(normalized, StackTable.ModelKeys);
                cells.Fail(row, "key", $"'{key}' is not a model setting.", near is null ? $"Write one of {string.Join(", ", StackTable.ModelKeys)}." : $"Did you mean '{near}'?");
            }
            else if (!values.TryAdd(normalized, row))
            {
                cells.Fail(row, "key", $"{normalized} is set twice (first in row {values[normalized].Number}).", "Keep one of the two rows.");
            }
        }

        string? Text(string key) => values.TryGetValue(key, out var row) ? cells.Text(row, "value") : null;
        string? Free(string key) => values.TryGetValue(key, out var row) ? cells.Free(row, "value") : null;
        var schema = Text("schema") ?? StackModel.SchemaV1;
        if (schema != StackModel.SchemaV1)
        {
            cells.Fail(values["schema"], "value", $"schema '{schema}' is not one this version reads.", $"Write {StackModel.SchemaV1}.");
        }

        return new Meta(schema, Free("name"), Text("home"),
            values.TryGetValue("share_tolerance", out var tolerance) ? cells.Number(tolerance, "value", min: 0) : null,
            Free("attribution"), new SourceSpan(cells.Marker, "", new SourcePosition(cells.HeaderRow, 0)));
    }

    // ---------------------------------------------------------------- organizations, jurisdictions, targets

    private List<Organization> Organizations(Dictionary<string, TableSheet> found, Parsed table)
    {
        var fromSheet = Sheet(found, "organizations", StackTable.OrganizationColumns, ["id", "hq"], _base?.Organizations, (cells, row) =>
        {
            var id = cells.Required(row, "id", "the organization's id, such as asml");
            var hq = cells.Required(row, "hq", "the jurisdiction of its headquarters, such as NL");
            return id is null || hq is null ? null : new Organization
            {
                Id = id,
                Name = cells.Free(row, "name"),
                Hq = hq,
                ControlledBy = cells.Text(row, "controlled_by"),
                Span = cells.Span(row, "id", "name", "hq", "controlled_by"),
            };
        });
        var sheetGiven = found.ContainsKey("organizations");
        var result = new List<Organization>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in fromSheet ?? [])
        {
            var org = o;
            if (table.Hqs.TryGetValue(o.Id, out var fromTable) && fromTable.Hq != o.Hq)
            {
                if (sheetGiven)
                {
                    table.Cells.Add(DiagnosticCodes.TableRowsDisagree, fromTable.Row.Number, table.Cells.ColumnOf("hq"),
                        $"org {o.Id} has hq {fromTable.Hq} here but {o.Hq} in the organizations sheet.", "Make the two agree, or clear the hq cell here.");
                }
                else
                {
                    org = o with { Hq = fromTable.Hq }; // the table is the newer data than its base
                }
            }

            result.Add(org);
            seen.Add(o.Id);
        }

        foreach (var (id, (hq, row)) in table.Hqs.OrderBy(kv => kv.Value.Row.Number))
        {
            if (seen.Add(id))
            {
                result.Add(new Organization { Id = id, Hq = hq, Span = table.Cells.Span(row, "org", "hq") with { Fields = new Dictionary<string, SourcePosition> { ["hq"] = new(row.Number, table.Cells.ColumnOf("hq")), ["id"] = new(row.Number, table.Cells.ColumnOf("org")) } } });
                _inferredOrganizations.Add(id);
            }
        }

        foreach (var (org, row) in table.OrgsWithoutHq)
        {
            if (seen.Add(org))
            {
                table.Cells.Add(DiagnosticCodes.TableBadCell, row.Number, table.Cells.Has("hq") ? table.Cells.ColumnOf("hq") : table.Cells.ColumnOf("org"),
                    $"org {org} has no hq: no organizations sheet{(_base is null ? "" : " or base model")} declares it, and no row of the table gives its hq.",
                    "Write its headquarters' jurisdiction in the hq column (such as NL), once for each org.");
            }
        }

        return result;
    }

    private List<Jurisdiction> Jurisdictions(Dictionary<string, TableSheet> found, StackModel model)
    {
        var declared = Sheet(found, "jurisdictions", StackTable.JurisdictionColumns, ["id"], _base?.Jurisdictions, (cells, row) =>
        {
            var id = cells.Required(row, "id", "an ISO 3166 code such as JP, or a subdivision such as CN-GD");
            var (noReach, rule) = Reach(cells, row, allowTrue: false);
            return id is null ? null : new Jurisdiction
            {
                Id = id,
                Name = cells.Free(row, "name"),
                Parent = cells.Text(row, "parent"),
                RestrictionProbability = cells.Number(row, "restriction_probability", 0, 1, share: true),
                Reach = rule,
                NoReach = noReach,
                Span = cells.Span(row, "id", "name", "parent", "restriction_probability", "reach"),
            };
        });
        if (found.ContainsKey("jurisdictions"))
        {
            return declared!.ToList();
        }

        // Without a jurisdictions sheet, every jurisdiction the model names is declared; CN-GD's parent is CN.
        var result = (declared ?? []).ToList();
        var known = result.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var blocs = model.Blocs.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        void Add(string? id)
        {
            if (id is null || blocs.Contains(id) || !known.Add(id))
            {
                return;
            }

            var dash = id.IndexOf('-', StringComparison.Ordinal);
            var parent = dash == 2 ? id[..2] : null;
            result.Add(new Jurisdiction { Id = id, Parent = parent });
            _inferredJurisdictions.Add(id);
            Add(parent);
        }

        foreach (var o in model.Organizations)
        {
            Add(o.Hq);
            Add(o.ControlledBy);
        }

        foreach (var c in model.Components)
        {
            foreach (var p in c.Providers)
            {
                Add(p.Jurisdiction);
            }

            foreach (var s in c.Substitution)
            {
                Add(s.Jurisdiction);
            }

            foreach (var a in c.Actions)
            {
                Add(a.Jurisdiction);
            }
        }

        Add(model.Home);
        foreach (var b in model.Blocs.SelectMany(b => b.Members))
        {
            Add(b);
        }

        foreach (var k in model.Controls)
        {
            Add(k.By);
        }

        foreach (var s in model.Scenarios)
        {
            s.Restrict.ToList().ForEach(Add);
            Add(s.Home);
        }

        return result;
    }

    /// <summary>Without a targets sheet or base, every component that no other requires is a target.</summary>
    private List<Target> InferTargets(List<Component> components)
    {
        var required = components.SelectMany(c => c.Requires.SelectMany(r => r.ComponentIds)).ToHashSet(StringComparer.Ordinal);
        var roots = components.Where(c => !required.Contains(c.Id) && c.Id.Length > 0).ToList();

        // The end product first: the root of the highest layer (device before chip), then table order.
        var rank = ModelIndex.OrderLayers(roots.Select(c => c.Layer)).Select((layer, i) => (layer, i)).ToDictionary(x => x.layer, x => x.i, StringComparer.Ordinal);
        var targets = roots.OrderByDescending(c => rank[c.Layer]).Select(c => new Target { Id = c.Id, Component = c.Id }).ToList();
        _inferredTargets.AddRange(targets.Select(t => t.Id));
        return targets;
    }
}
