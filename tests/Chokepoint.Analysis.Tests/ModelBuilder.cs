using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Tests;

/// <summary>Small models built in code, so tests state only what they are about.</summary>
internal static class ModelBuilder
{
    public static StackModel Base(params Component[] components) => new()
    {
        Name = "test",
        Jurisdictions =
        [
            new Jurisdiction { Id = "CN" },
            new Jurisdiction { Id = "CN-GD", Parent = "CN" },
            new Jurisdiction { Id = "NL" },
            new Jurisdiction { Id = "US" },
            new Jurisdiction { Id = "JP" },
        ],
        Organizations =
        [
            new Organization { Id = "asml", Hq = "NL" },
            new Organization { Id = "smic", Hq = "CN" },
            new Organization { Id = "huawei", Hq = "CN-GD" },
        ],
        Components = components,
    };

    public static Component C(string id, string layer = "equipment", IReadOnlyList<Requirement>? requires = null, params Provider[] providers) => new()
    {
        Id = id,
        Layer = layer,
        Requires = requires ?? [],
        Providers = providers,
    };

    public static Provider Org(string org, double? share) => new() { Org = org, Share = share };

    public static Provider In(string jurisdiction, double? share) => new() { Jurisdiction = jurisdiction, Share = share };

    public static Requirement Needs(string id) => new ComponentRequirement(id);
}
