using System.Globalization;
using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Validation;

/// <summary>
/// Checks a (merged) model for everything DESIGN.md section 1 rejects, and reports every problem,
/// not only the first: unknown references, duplicate ids, cycles in <c>requires</c> and in
/// jurisdiction parents, shares outside [0,1], provider shares summing above 1 + tolerance,
/// <c>k</c> larger than its group, negative months and costs. Warnings flag models that are legal
/// but cannot mean what the author wanted.
/// </summary>
public static class ModelValidator
{
    /// <summary>Returns the findings, errors and warnings, in model order.</summary>
    public static IReadOnlyList<Diagnostic> Validate(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var v = new Run(model);
        v.Check();
        return v.Found;
    }

    private sealed class Run(StackModel model)
    {
        public List<Diagnostic> Found { get; } = [];

        private readonly Dictionary<string, Jurisdiction> _jurisdictions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Organization> _organizations = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Component> _components = new(StringComparer.Ordinal);

        public void Check()
        {
            IndexUnique(model.Jurisdictions, j => j.Id, "jurisdictions", "jurisdiction", _jurisdictions);
            var blocs = new Dictionary<string, Bloc>(StringComparer.Ordinal);
            IndexUnique(model.Blocs, b => b.Id, "blocs", "bloc", blocs);
            IndexUnique(model.Organizations, o => o.Id, "organizations", "organization", _organizations);
            IndexUnique(model.Components, c => c.Id, "components", "component", _components);
            var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
            IndexUnique(model.Targets, t => t.Id, "targets", "target", targets);

            if (model.ShareTolerance is { } tol && (tol < 0 || double.IsNaN(tol)))
            {
                Add(Severity.Error, DiagnosticCodes.NegativeValue, model.Span, "", "share_tolerance",
                    $"share_tolerance {Num(tol)} is negative.", "Write a small non-negative number such as 0.02.");
            }

            if (model.Home is { } home && !_jurisdictions.ContainsKey(home))
            {
                Unknown(model.Span, "", "home", "home", home, "jurisdiction", _jurisdictions.Keys);
            }

            CheckJurisdictions();
            CheckBlocs();
            CheckOrganizations();
            CheckComponents();
            CheckRequiresCycles();
            CheckTargets();
            CheckScenarios(blocs, targets);
            CheckControls(targets);
        }

        /// <summary>DESIGN.md section 2a: a standing control names a known jurisdiction, targets, layers and components, and a rule in range.</summary>
        private void CheckControls(Dictionary<string, Target> targets)
        {
            var names = new Dictionary<string, Control>(StringComparer.Ordinal);
            IndexUnique(model.Controls, c => c.Name, "controls", "control", names);
            var layers = model.Components.Select(c => c.Layer).ToHashSet(StringComparer.Ordinal);
            var homeCountry = model.Home is { } h && _jurisdictions.ContainsKey(h) ? Country(h) : null;
            for (var i = 0; i < model.Controls.Count; i++)
            {
                var k = model.Controls[i];
                var path = $"controls[{i}]";
                if (!_jurisdictions.TryGetValue(k.By, out var by))
                {
                    Unknown(k.Span, path, "by", "by", k.By, "jurisdiction", _jurisdictions.Keys);
                }
                else
                {
                    if (homeCountry is not null && Country(k.By) == homeCountry)
                    {
                        Add(Severity.Warning, DiagnosticCodes.ControlNeverInForce, k.Span, path, "by",
                            $"control '{k.Name}' is by {k.By}, which is domestic for the model's home {model.Home}, so it is never in force from there.",
                            "A standing control is a foreign restriction: name the foreign jurisdiction that imposes it.");
                    }

                    if (k.DeclaredReach && by.NoReach)
                    {
                        Add(Severity.Warning, DiagnosticCodes.ReachContradiction, k.Span, path, "reach",
                            $"control '{k.Name}' asks for {k.By}'s declared rule (reach: true), but {k.By} declares reach: false, so the control has no reach.",
                            $"Give the control its own rule, reach: {{de_minimis: 0}}, or declare {k.By}'s rule on the jurisdiction.");
                    }
                }

                if (k.Targets is { Count: 0 })
                {
                    Add(Severity.Warning, DiagnosticCodes.ControlNeverInForce, k.Span, path, "targets",
                        $"control '{k.Name}' has an empty list of targets, so it is never in force.",
                        "Name the targets it applies to, or leave targets out to apply it to every target.");
                }

                for (var t = 0; t < (k.Targets?.Count ?? 0); t++)
                {
                    if (!targets.ContainsKey(k.Targets![t]))
                    {
                        Unknown(k.Span, path, "targets", $"targets[{t}]", k.Targets[t], "target", targets.Keys);
                    }
                }

                CheckScope(k.Span, path, k.ScopeLayers, k.ScopeComponents, layers);

                if (k.Reach is { } rule)
                {
                    CheckRule(rule, k.Span, path, layers);
                }
            }
        }

        /// <summary>A scenario's or a control's scope names layers and components of the model.</summary>
        private void CheckScope(SourceSpan? span, string path, IReadOnlyList<string> scopeLayers, IReadOnlyList<string> scopeComponents, HashSet<string> layers)
        {
            for (var l = 0; l < scopeLayers.Count; l++)
            {
                if (!layers.Contains(scopeLayers[l]))
                {
                    Unknown(span, path, "scope", $"scope.layers[{l}]", scopeLayers[l], "layer", layers);
                }
            }

            for (var c = 0; c < scopeComponents.Count; c++)
            {
                if (!_components.ContainsKey(scopeComponents[c]))
                {
                    Unknown(span, path, "scope", $"scope.components[{c}]", scopeComponents[c], "component", _components.Keys);
                }
            }
        }

        /// <summary>
        /// A rule's de minimis is a share. A control's rule must name layers of the model; a jurisdiction's
        /// declared rule is a law, which may name layers that this model leaves out (they are simply not there).
        /// </summary>
        private void CheckRule(ReachRule rule, SourceSpan? owner, string path, HashSet<string>? layers)
        {
            var span = rule.Span ?? owner;
            var rulePath = $"{path}.reach";
            if (!InUnit(rule.DeMinimis))
            {
                Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, span, rulePath, "de_minimis",
                    $"de_minimis {Num(rule.DeMinimis)} is outside [0, 1].", "Write a share such as 0.25, or 0 for any share at all.");
            }

            for (var l = 0; layers is not null && l < rule.Layers.Count; l++)
            {
                if (!layers.Contains(rule.Layers[l]))
                {
                    Unknown(span, rulePath, "layers", $"layers[{l}]", rule.Layers[l], "layer", layers);
                }
            }
        }

        private string Country(string id)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var current = id;
            while (seen.Add(current) && _jurisdictions.TryGetValue(current, out var j) && j.Parent is { } p && _jurisdictions.ContainsKey(p))
            {
                current = p;
            }

            return current;
        }

        private void CheckScenarios(Dictionary<string, Bloc> blocs, Dictionary<string, Target> targets)
        {
            var names = new Dictionary<string, Scenario>(StringComparer.Ordinal);
            IndexUnique(model.Scenarios, s => s.Name, "scenarios", "scenario", names);
            var layers = model.Components.Select(c => c.Layer).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < model.Scenarios.Count; i++)
            {
                var s = model.Scenarios[i];
                var path = $"scenarios[{i}]";
                if (s.Restrict.Count == 0)
                {
                    Add(Severity.Warning, DiagnosticCodes.EmptyGroup, s.Span, path, "restrict",
                        $"scenario '{s.Name}' restricts nobody.", "List the restricting jurisdictions: restrict: [US, NL].");
                }

                for (var r = 0; r < s.Restrict.Count; r++)
                {
                    if (!_jurisdictions.ContainsKey(s.Restrict[r]) && !blocs.ContainsKey(s.Restrict[r]))
                    {
                        Unknown(s.Span, path, "restrict", $"restrict[{r}]", s.Restrict[r], "jurisdiction or bloc", _jurisdictions.Keys.Concat(blocs.Keys));
                    }
                }

                CheckScope(s.Span, path, s.ScopeLayers, s.ScopeComponents, layers);

                if (s.Home is { } home && !_jurisdictions.ContainsKey(home))
                {
                    Unknown(s.Span, path, "home", "home", home, "jurisdiction", _jurisdictions.Keys);
                }

                if (s.Target is { } target && !targets.ContainsKey(target) && !_components.ContainsKey(target))
                {
                    Unknown(s.Span, path, "target", "target", target, "target or component", targets.Keys.Concat(_components.Keys));
                }

                NonNegative(s.Span, path, "start_month", s.StartMonth);
            }
        }

        /// <summary>Each id's first position (a duplicate is reported elsewhere and walks as its first), and those positions in model order.</summary>
        private static (Dictionary<string, int> Number, List<int> Firsts) FirstPositions<T>(IReadOnlyList<T> items, Func<T, string> id)
        {
            var number = new Dictionary<string, int>(StringComparer.Ordinal);
            var firsts = new List<int>();
            for (var i = 0; i < items.Count; i++)
            {
                if (number.TryAdd(id(items[i]), i))
                {
                    firsts.Add(i);
                }
            }

            return (number, firsts);
        }

        private void IndexUnique<T>(IReadOnlyList<T> items, Func<T, string> id, string list, string what, Dictionary<string, T> index)
            where T : ILocated
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var key = id(item);
                if (index.TryGetValue(key, out var first))
                {
                    var firstAt = first.Span is { } s ? $" at {s.File}:{s.Position.Line}" : "";
                    Add(Severity.Error, DiagnosticCodes.DuplicateId, item.Span, $"{list}[{i}]", "id",
                        $"{what} id '{key}' is defined twice (first{firstAt}).",
                        $"Rename one of them, or remove the copy; ids must be unique across the model and the files it includes.");
                }
                else
                {
                    index[key] = item;
                }
            }
        }

        private void CheckJurisdictions()
        {
            for (var i = 0; i < model.Jurisdictions.Count; i++)
            {
                var j = model.Jurisdictions[i];
                var path = $"jurisdictions[{i}]";
                if (j.Parent is { } parent && !_jurisdictions.ContainsKey(parent))
                {
                    Unknown(j.Span, path, "parent", "parent", parent, "jurisdiction", _jurisdictions.Keys);
                }

                if (j.Reach is { } rule)
                {
                    CheckRule(rule, j.Span, path, null);
                }

                if (j.RestrictionProbability is { } rp && !InUnit(rp))
                {
                    Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, j.Span, path, "restriction_probability",
                        $"restriction_probability {Num(rp)} is outside [0, 1].", "Write a probability such as 0.1, or a percentage such as \"10%\".");
                }
            }

            // A parent chain that loops would make "domestic" undefined.
            var (number, firsts) = FirstPositions(model.Jurisdictions, j => j.Id);
            var parentOf = model.Jurisdictions.Select(j => j.Parent is { } p && number.TryGetValue(p, out var n) ? n : -1).ToArray();
            Logic.Graph.DepthFirst.Walk(model.Jurisdictions.Count, firsts, j => 1, (j, _) => parentOf[j], (_, _, path) =>
            {
                var loop = path.Select(j => model.Jurisdictions[j].Id).Append(model.Jurisdictions[path[0]].Id).ToList();
                Add(Severity.Error, DiagnosticCodes.ParentCycle, model.Jurisdictions[path[0]].Span, $"jurisdictions[{path[0]}]", "parent",
                    $"jurisdiction parents form a cycle: {string.Join(" → ", loop)}.",
                    "A parent must be a larger jurisdiction; remove the parent from one of them.");
                return false;
            });
        }

        private void CheckBlocs()
        {
            for (var i = 0; i < model.Blocs.Count; i++)
            {
                var b = model.Blocs[i];
                var path = $"blocs[{i}]";
                if (_jurisdictions.ContainsKey(b.Id))
                {
                    Add(Severity.Error, DiagnosticCodes.AmbiguousId, b.Span, path, "id",
                        $"bloc id '{b.Id}' is also a jurisdiction id, so '{b.Id}' would be ambiguous.",
                        "Give the bloc a different id.");
                }

                for (var m = 0; m < b.Members.Count; m++)
                {
                    if (!_jurisdictions.ContainsKey(b.Members[m]))
                    {
                        Unknown(b.Span, path, "members", $"members[{m}]", b.Members[m], "jurisdiction", _jurisdictions.Keys);
                    }
                }
            }
        }

        private void CheckOrganizations()
        {
            for (var i = 0; i < model.Organizations.Count; i++)
            {
                var o = model.Organizations[i];
                var path = $"organizations[{i}]";
                if (!_jurisdictions.ContainsKey(o.Hq))
                {
                    Unknown(o.Span, path, "hq", "hq", o.Hq, "jurisdiction", _jurisdictions.Keys);
                }

                if (o.ControlledBy is { } cb && !_jurisdictions.ContainsKey(cb))
                {
                    Unknown(o.Span, path, "controlled_by", "controlled_by", cb, "jurisdiction", _jurisdictions.Keys);
                }
            }
        }

        private void CheckComponents()
        {
            for (var i = 0; i < model.Components.Count; i++)
            {
                var c = model.Components[i];
                var path = $"components[{i}]";
                if (c.Category is { } category && !_components.ContainsKey(category))
                {
                    Unknown(c.Span, path, "category", "category", category, "component", _components.Keys);
                }

                CheckRequirements(c, path);
                CheckProviders(c, path);
                CheckSubstitutions(c, path);
                CheckActions(c, path);

                if (c.Threshold is { } t && !InUnit(t))
                {
                    Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, c.Span, path, "threshold",
                        $"threshold {Num(t)} is outside [0, 1].",
                        "Write the accessible share needed as a fraction such as 0.5, or a percentage such as \"50%\".");
                }

                if (c.StockpileMonths is { } sm && (sm < 0 || double.IsNaN(sm)))
                {
                    Add(Severity.Error, DiagnosticCodes.NegativeValue, c.Span, path, "stockpile_months",
                        $"stockpile_months {Num(sm)} is negative.", "Write the months of stock held, 0 or more.");
                }
            }
        }

        private void CheckRequirements(Component c, string path)
        {
            for (var r = 0; r < c.Requires.Count; r++)
            {
                var req = c.Requires[r];
                var rpath = $"{path}.requires[{r}]";
                switch (req)
                {
                    case ComponentRequirement plain:
                        // A component that requires itself is reported with the other cycles.
                        if (!_components.ContainsKey(plain.ComponentId))
                        {
                            UnknownAt(req.Span ?? c.Span, rpath, null, plain.ComponentId, "component", _components.Keys);
                        }

                        break;
                    case AnyOfRequirement group:
                        if (group.Members.Count == 0)
                        {
                            Add(Severity.Error, DiagnosticCodes.EmptyGroup, req.Span ?? c.Span, rpath, "any_of",
                                "an any_of group has no members.", "List the substitute components, or remove the group.");
                        }

                        for (var m = 0; m < group.Members.Count; m++)
                        {
                            if (!_components.ContainsKey(group.Members[m]))
                            {
                                UnknownAt(req.Span ?? c.Span, $"{rpath}.any_of[{m}]", "any_of", group.Members[m], "component", _components.Keys);
                            }
                        }

                        var distinct = group.Members.Distinct(StringComparer.Ordinal).Count();
                        if (distinct != group.Members.Count)
                        {
                            Add(Severity.Error, DiagnosticCodes.DuplicateId, req.Span ?? c.Span, rpath, "any_of",
                                "an any_of group names the same component twice.", "List each substitute once.");
                        }

                        if (group.Members.Count > 0 && (group.K < 1 || group.K > distinct))
                        {
                            Add(Severity.Error, DiagnosticCodes.KLargerThanGroup, req.Span ?? c.Span, rpath, "k",
                                group.K < 1
                                    ? $"k = {group.K} must be at least 1."
                                    : $"k = {group.K} is larger than its group of {distinct}, so the requirement can never be met.",
                                $"Set k between 1 and {distinct}, or add substitutes to the group.");
                        }

                        break;
                }
            }
        }

        private void CheckProviders(Component c, string path)
        {
            if (c.Providers.Count == 0)
            {
                Add(Severity.Warning, DiagnosticCodes.NoProviders, c.Span, path, "providers",
                    $"component '{c.Id}' has no providers, so it can never be available.",
                    "Add at least one provider: {org: ..., share: ...} or {jurisdiction: ..., share: ...}.");
            }

            var sum = 0.0;
            for (var p = 0; p < c.Providers.Count; p++)
            {
                var prov = c.Providers[p];
                var ppath = $"{path}.providers[{p}]";
                var span = prov.Span ?? c.Span;
                if (prov.Org is null && prov.Jurisdiction is null)
                {
                    Add(Severity.Error, DiagnosticCodes.MissingField, span, ppath, null,
                        "a provider names neither an org nor a jurisdiction.",
                        "Add org: <organization id> (production then defaults to its hq) or jurisdiction: <id>.");
                }

                if (prov.Org is { } org && !_organizations.ContainsKey(org))
                {
                    UnknownAt(span, $"{ppath}.org", "org", org, "organization", _organizations.Keys);
                }

                if (prov.Jurisdiction is { } jur && !_jurisdictions.ContainsKey(jur))
                {
                    UnknownAt(span, $"{ppath}.jurisdiction", "jurisdiction", jur, "jurisdiction", _jurisdictions.Keys);
                }

                if (prov.Share is { } share)
                {
                    if (!InUnit(share))
                    {
                        Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, span, ppath, "share",
                            $"share {Num(share)} is outside [0, 1].",
                            "Write a fraction of world supply such as 0.37, or a percentage such as \"37%\".");
                    }
                    else
                    {
                        sum += share;
                    }
                }

                if (prov.ShareRange is { } range)
                {
                    if (!InUnit(range.Low) || !InUnit(range.High) || range.Low > range.High)
                    {
                        Add(Severity.Error, DiagnosticCodes.BadShareRange, span, ppath, "share_range",
                            $"share_range [{Num(range.Low)}, {Num(range.High)}] must be two shares in [0, 1], low first.",
                            "Write share_range: [low, high] with 0 <= low <= high <= 1.");
                    }
                    else if (prov.Share is { } s && (s < range.Low - 1e-12 || s > range.High + 1e-12))
                    {
                        Add(Severity.Warning, DiagnosticCodes.ShareOutsideItsRange, span, ppath, "share",
                            $"share {Num(s)} lies outside its share_range [{Num(range.Low)}, {Num(range.High)}].",
                            "Make the point estimate lie within the range, or widen the range.");
                    }
                }
            }

            var tolerance = model.EffectiveShareTolerance;
            if (sum > 1 + tolerance + 1e-9)
            {
                Add(Severity.Error, DiagnosticCodes.SharesSumAboveOne, c.Span, path, "providers",
                    $"the provider shares of '{c.Id}' sum to {Num(sum)}, above 1 + share_tolerance ({Num(tolerance)}).",
                    "Shares are fractions of world supply and cannot add up to more than all of it: correct the figures, or raise share_tolerance at the top level if they are rounded.");
            }

            if (c.Threshold is { } t && InUnit(t) && t > sum + 1e-12 && c.Providers.Count > 0 && c.Providers.All(p => p.Share is not null))
            {
                Add(Severity.Warning, DiagnosticCodes.ThresholdUnreachable, c.Span, path, "threshold",
                    $"threshold {Num(t)} is above the providers' total share {Num(sum)}, so '{c.Id}' is never available.",
                    "Lower the threshold, or add the missing providers.");
            }
        }

        private void CheckSubstitutions(Component c, string path)
        {
            for (var s = 0; s < c.Substitution.Count; s++)
            {
                var sub = c.Substitution[s];
                var spath = $"{path}.substitution[{s}]";
                var span = sub.Span ?? c.Span;
                if (!_jurisdictions.ContainsKey(sub.Jurisdiction))
                {
                    UnknownAt(span, $"{spath}.jurisdiction", "jurisdiction", sub.Jurisdiction, "jurisdiction", _jurisdictions.Keys);
                }

                if (sub.Share is { } share && !InUnit(share))
                {
                    Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, span, spath, "share",
                        $"share {Num(share)} is outside [0, 1].", "Write a fraction such as 0.2, or a percentage such as \"20%\".");
                }

                NonNegative(span, spath, "lead_time_months", sub.LeadTimeMonths);
                NonNegative(span, spath, "ramp_months", sub.RampMonths);
                NonNegative(span, spath, "cost", sub.Cost);
            }
        }

        private void CheckActions(Component c, string path)
        {
            for (var a = 0; a < c.Actions.Count; a++)
            {
                var action = c.Actions[a];
                var apath = $"{path}.actions[{a}]";
                var span = action.Span ?? c.Span;
                if (action.Jurisdiction is { } j && !_jurisdictions.ContainsKey(j))
                {
                    UnknownAt(span, $"{apath}.jurisdiction", "jurisdiction", j, "jurisdiction", _jurisdictions.Keys);
                }

                if (action.Kind == ActionKind.Friendly && action.Jurisdiction is null)
                {
                    Add(Severity.Error, DiagnosticCodes.IncompleteAction, span, apath, "jurisdiction", "a friendly action names no jurisdiction.", "Add jurisdiction: <the friendly jurisdiction>.");
                }

                if (action.Kind == ActionKind.Stockpile ? action.Months is null : action.Share is null)
                {
                    var field = action.Kind == ActionKind.Stockpile ? "months" : "share";
                    Add(Severity.Error, DiagnosticCodes.IncompleteAction, span, apath, field, $"a {action.Kind.ToString().ToLowerInvariant()} action needs {field}.", $"Add {field}: <value>.");
                }

                if (action.Share is { } share && !InUnit(share))
                {
                    Add(Severity.Error, DiagnosticCodes.ShareOutOfRange, span, apath, "share", $"share {Num(share)} is outside [0, 1].", "Write a fraction such as 0.1.");
                }

                NonNegative(span, apath, "months", action.Months);
                NonNegative(span, apath, "cost", action.Cost);
                NonNegative(span, apath, "lead_time_months", action.LeadTimeMonths);
            }
        }

        private void NonNegative(SourceSpan? span, string path, string field, double? value)
        {
            if (value is { } v && (v < 0 || double.IsNaN(v)))
            {
                Add(Severity.Error, DiagnosticCodes.NegativeValue, span, path, field,
                    $"{field} {Num(v)} is negative.", $"Write {field} as 0 or more.");
            }
        }

        private void CheckRequiresCycles()
        {
            // Components by the position of their first definition; each cycle is printed once, from the
            // component where the walk (in model order) closes it.
            var (number, firsts) = FirstPositions(model.Components, c => c.Id);
            var inputs = model.Components.Select(c => c.Requires.SelectMany(r => r.ComponentIds).Distinct(StringComparer.Ordinal)
                .Select(id => number.TryGetValue(id, out var n) ? n : -1).ToArray()).ToArray();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            Logic.Graph.DepthFirst.Walk(model.Components.Count, firsts, c => inputs[c].Length, (c, k) => inputs[c][k], (_, _, path) =>
            {
                var loop = path.Select(c => model.Components[c].Id).Append(model.Components[path[0]].Id).ToList();
                var key = string.Join(",", loop.Skip(1).Order(StringComparer.Ordinal));
                if (reported.Add(key))
                {
                    var at = model.Components[path[0]];
                    Add(Severity.Error, DiagnosticCodes.RequiresCycle, at.Span, $"components[{path[0]}]", "requires",
                        $"requires forms a cycle: {string.Join(" → ", loop)}.",
                        "A component cannot need itself, directly or through its inputs: remove one requirement of the cycle.");
                }

                return false;
            });
        }

        private void CheckTargets()
        {
            for (var i = 0; i < model.Targets.Count; i++)
            {
                var t = model.Targets[i];
                var path = $"targets[{i}]";
                if (!_components.ContainsKey(t.Component))
                {
                    Unknown(t.Span, path, "component", "component", t.Component, "component", _components.Keys);
                }

                if (_components.ContainsKey(t.Id) && t.Id != t.Component)
                {
                    Add(Severity.Error, DiagnosticCodes.AmbiguousId, t.Span, path, "id",
                        $"target id '{t.Id}' is also the id of another component, so --target {t.Id} would be ambiguous.",
                        "Give the target a different id, or point it at the component of the same id.");
                }
            }
        }

        private void Unknown(SourceSpan? span, string path, string field, string subPath, string value, string what, IEnumerable<string> known) =>
            UnknownAt(span, path.Length == 0 ? subPath : $"{path}.{subPath}", field, value, what, known);

        private void UnknownAt(SourceSpan? span, string path, string? field, string value, string what, IEnumerable<string> known)
        {
            var near = Suggest.Nearest(value, known);
            var article = "aeiou".Contains(what[0], StringComparison.Ordinal) ? "an" : "a";
            var fix = near is null
                ? $"Define {article} {what} with id '{value}', or correct the reference."
                : $"Did you mean '{near}'? Otherwise define {article} {what} with id '{value}'.";
            Add(Severity.Error, DiagnosticCodes.UnknownReference, span, path, field, $"unknown {what} '{value}'.", fix, pathIsFull: true);
        }

        private void Add(Severity severity, string code, SourceSpan? span, string path, string? field, string message, string fix, bool pathIsFull = false)
        {
            // With a span, paths are relative to the file the element came from; without one, to the merged model.
            var fullPath = pathIsFull ? path : field is null ? path : path.Length == 0 ? field : $"{path}.{field}";
            if (span is not null)
            {
                fullPath = Rebase(fullPath, span.Path);
            }

            var pos = span?.PositionOf(field) ?? default;
            Found.Add(new Diagnostic(severity, code, span?.File, pos.Line, pos.Column, fullPath, message, fix));
        }

        /// <summary>Replaces the merged-model prefix (e.g. <c>components[57]</c>) with the element's own path in its file.</summary>
        private static string Rebase(string mergedPath, string spanPath)
        {
            if (spanPath.Length == 0)
            {
                return mergedPath;
            }

            var mergedHead = Head(mergedPath, out var rest);
            var spanHead = Head(spanPath, out _);
            if (mergedHead == spanHead)
            {
                return string.Concat(spanPath.AsSpan(0, spanPath.IndexOf(']', StringComparison.Ordinal) + 1), rest);
            }

            return mergedPath;
        }

        private static string Head(string path, out string rest)
        {
            var close = path.IndexOf(']', StringComparison.Ordinal);
            var open = path.IndexOf('[', StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                rest = "";
                return path;
            }

            rest = path[(close + 1)..];
            return path[..open];
        }

        private static bool InUnit(double x) => x is >= 0 and <= 1;

        private static string Num(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
