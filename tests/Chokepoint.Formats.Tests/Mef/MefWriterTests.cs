using System.Text;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Tests.Stack;
using Chokepoint.Formats.Mef;
using Chokepoint.Logic.Analysis;
using CsCheck;

namespace Chokepoint.Formats.Tests.Mef;

public sealed class MefWriterTests
{
    [Fact]
    public void A_compiled_stack_written_as_mef_and_read_back_has_the_same_cut_sets() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 20), Gen.Bool).Sample((model, reach) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach }), null);
            var target = stack.IndexOf(model.Targets[0].Component);
            var expected = CutSetAnalysis.Run(stack, target).Sets.Select(s => string.Join(",", s.Members)).ToList();
            var xml = MefWriter.Write(FailureCompiler.Compile(stack, target).Graph, "t");
            var read = MefReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "t.xml");
            var family = FaultTreeAnalyzer.Analyze(read.Graph).CutSets!;
            Assert.Equal(expected, family.ToSortedList().Select(c => string.Join(",", c.Names)));
        }, iter: 150);

    [Theory]
    [InlineData("US", "US")]
    [InlineData("CN-GD", "CN-GD")]
    [InlineData("9lives", "e9lives")]
    [InlineData("a b/c", "a_b_c")]
    public void Names_are_made_safe_for_mef(string name, string safe) => Assert.Equal(safe, MefWriter.Sanitize(name));
}
