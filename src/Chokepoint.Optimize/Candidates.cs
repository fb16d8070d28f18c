using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Optimize;

/// <summary>One candidate action of the optimizer: which component, what it does, what it costs.</summary>
/// <param name="Index">Its number among the candidates.</param>
/// <param name="Component">The component it acts on.</param>
/// <param name="Action">What it does.</param>
/// <param name="FromSubstitution">True when it was generated from the component's substitution options.</param>
public sealed record Candidate(int Index, string Component, RepositioningAction Action, bool FromSubstitution)
{
    public double Cost => Action.Cost ?? 0;

    public double LeadTimeMonths => Action.LeadTimeMonths ?? 0;

    public string Kind => Action.Kind.ToString().ToLowerInvariant();

    public override string ToString() => $"{Kind} {(Action.Kind == ActionKind.Stockpile ? $"{Action.Months} months" : $"in {Action.Jurisdiction ?? "home"}, share {Action.Share}")} on {Component}";
}

/// <summary>Collecting candidate actions from a model, and applying a plan to it.</summary>
public static class Candidates
{
    /// <summary>
    /// The model's <c>actions:</c>, plus (on request) one action per substitution option (a provider
    /// in the option's jurisdiction, domestic or not by the usual rule), without those whose lead
    /// time exceeds <paramref name="horizonMonths"/>.
    /// </summary>
    public static IReadOnlyList<Candidate> From(StackModel model, bool fromSubstitution, double? horizonMonths)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = new List<Candidate>();
        foreach (var c in model.Components)
        {
            foreach (var a in c.Actions)
            {
                list.Add(new Candidate(0, c.Id, a, false));
            }

            if (fromSubstitution)
            {
                foreach (var s in c.Substitution.Where(s => s.Share is > 0))
                {
                    list.Add(new Candidate(0, c.Id, new RepositioningAction
                    {
                        Kind = ActionKind.Friendly,
                        Jurisdiction = s.Jurisdiction,
                        Share = s.Share,
                        Cost = s.Cost,
                        LeadTimeMonths = (s.LeadTimeMonths ?? 0) + (s.RampMonths ?? 0),
                        Source = s.Source,
                    }, true));
                }
            }
        }

        return list.Where(c => horizonMonths is not { } h || c.LeadTimeMonths <= h).Select((c, i) => c with { Index = i }).ToList();
    }

    /// <summary>
    /// The model with the plan carried out: new providers added (a domestic one in the home unless it
    /// names a domestic jurisdiction), stockpiles raised to the planned months.
    /// </summary>
    public static StackModel Apply(StackModel model, IEnumerable<Candidate> plan, string home)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        var byComponent = plan.GroupBy(p => p.Component, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (byComponent.Count == 0)
        {
            return model;
        }

        return model with
        {
            Components = model.Components.Select(c =>
            {
                if (!byComponent.TryGetValue(c.Id, out var actions))
                {
                    return c;
                }

                var providers = c.Providers.ToList();
                var stockpile = c.StockpileMonths;
                foreach (var a in actions.Select(x => x.Action))
                {
                    if (a.Kind == ActionKind.Stockpile)
                    {
                        stockpile = Math.Max(stockpile ?? 0, a.Months ?? 0);
                    }
                    else
                    {
                        providers.Add(new Provider { Jurisdiction = a.Jurisdiction ?? home, Share = a.Share, Source = "planned action" });
                    }
                }

                return c with { Providers = providers, StockpileMonths = stockpile };
            }).ToList(),
        };
    }

    /// <summary>Checks that every domestic action's jurisdiction is domestic for the perspective.</summary>
    public static void Check(IReadOnlyList<Candidate> candidates, Perspective perspective)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(perspective);
        foreach (var c in candidates)
        {
            if (c.Action.Kind == ActionKind.Domestic && c.Action.Jurisdiction is { } j && !perspective.IsDomestic(j))
            {
                throw new PerspectiveException($"the domestic action on '{c.Component}' is in {j}, which is not domestic for home {perspective.Home}.",
                    "Use kind: friendly for a provider abroad, or a domestic jurisdiction.");
            }
        }
    }
}
