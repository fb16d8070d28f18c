using Chokepoint.Analysis.Validation;

namespace Chokepoint.Analysis.Tests.Validation;

public sealed class SuggestTests
{
    [Theory]
    [InlineData("threshhold", "threshold")]
    [InlineData("provider", "providers")]
    [InlineData("requries", "requires")]
    public void A_typo_finds_the_intended_key(string typo, string intended) =>
        Assert.Equal(intended, Suggest.Nearest(typo, ["threshold", "providers", "requires", "layer"]));

    [Fact]
    public void A_word_far_from_every_key_gets_no_suggestion() =>
        Assert.Null(Suggest.Nearest("colour", ["threshold", "providers"]));

    [Fact]
    public void Distance_counts_a_transposition_as_one_edit() =>
        Assert.Equal(1, Suggest.Distance("ab", "ba"));
}
