using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Model;
using CsCheck;
using static Chokepoint.Analysis.Tests.ModelBuilder;

namespace Chokepoint.Analysis.Tests.Metrics;

public sealed class ConcentrationTests
{
    [Fact]
    public void Hhi_is_the_sum_of_squared_country_shares()
    {
        var duv = C("duv", providers: [Org("asml", 0.62), In("JP", 0.35), In("CN", 0.03)]);
        var c = Concentration.Of(duv, new ModelIndex(Base(duv)));
        Assert.Equal(0.62 * 0.62 + 0.35 * 0.35 + 0.03 * 0.03, c.Hhi, 12);
        Assert.Equal(("NL", 0.62), (c.TopSupplier, c.TopShare));
        Assert.Equal((0.35 / 0.38) * (0.35 / 0.38) + (0.03 / 0.38) * (0.03 / 0.38), c.HhiWithoutTop!.Value, 12);
        Assert.True(c.FlaggedByEuScreen);
    }

    [Fact]
    public void A_subdivision_counts_with_its_country()
    {
        var phone = C("phone", "device", providers: [Org("huawei", 0.1), Org("smic", 0.1), In("US", 0.3)]);
        var c = Concentration.Of(phone, new ModelIndex(Base(phone)));
        Assert.Equal(["US", "CN"], c.ShareByCountry.Select(kv => kv.Key));
        Assert.Equal(0.2, c.ShareByCountry[1].Value, 12);
    }

    [Fact]
    public void Providers_without_a_share_do_not_count()
    {
        var eda = C("eda", "eda", providers: [In("US", 0.9), In("CN", null)]);
        var c = Concentration.Of(eda, new ModelIndex(Base(eda)));
        Assert.Equal(0.81, c.Hhi, 12);
        Assert.Null(c.HhiWithoutTop);
    }

    [Fact]
    public void Hhi_lies_between_the_top_share_squared_and_the_top_share() =>
        Gen.Double[0, 0.25].Array[1, 4].Sample(shares =>
        {
            var jurisdictions = new[] { "CN", "NL", "US", "JP" };
            var component = C("x", providers: shares.Select((s, i) => In(jurisdictions[i], s)).ToArray());
            var c = Concentration.Of(component, new ModelIndex(Base(component)));
            return c.Hhi >= c.TopShare * c.TopShare - 1e-12 && c.Hhi <= c.TopShare * c.KnownShare + 1e-12;
        });
}
