namespace Chokepoint.Logic.Analysis;

/// <summary>
/// The importance of one basic event x for the top event T, all computed exactly on the BDD, with
/// P = P(T), P₁ = P(T | x true), P₀ = P(T | x false) and p = P(x):
/// </summary>
/// <param name="Event">The basic event's name.</param>
/// <param name="Birnbaum">P₁ − P₀: how much T's probability moves per unit of p (negative for non-coherent trees).</param>
/// <param name="Criticality">p·(P₁ − P₀)/P: the fraction of P owed to x being critical.</param>
/// <param name="FussellVesely">(P − P₀)/P: the fraction of P removed by making x perfect
/// (equal to criticality for exact probabilities, as in SAPHIRE).</param>
/// <param name="RiskAchievementWorth">P₁/P: how much worse T is if x is certain.</param>
/// <param name="RiskReductionWorth">P/P₀: how much better T is if x never occurs (+∞ when P₀ = 0).</param>
/// <remarks>Ratios are NaN when P = 0.</remarks>
public sealed record Importance(
    string Event,
    double Birnbaum,
    double Criticality,
    double FussellVesely,
    double RiskAchievementWorth,
    double RiskReductionWorth);
