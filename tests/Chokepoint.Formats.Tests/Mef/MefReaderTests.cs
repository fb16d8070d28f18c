using System.Diagnostics;
using System.Text;
using Chokepoint.Formats.Mef;
using Chokepoint.Logic.Analysis;

namespace Chokepoint.Formats.Tests.Mef;

public sealed class MefReaderTests
{
    private static MefModel Read(string xml) => MefReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "test.xml");

    private static MefException Fails(string xml) => Assert.Throws<MefException>(() => Read(xml));

    private static string Tree(string gates, string data = "") => $"""
        <?xml version="1.0"?>
        <opsa-mef>
        <define-fault-tree name="t">
        {gates}
        </define-fault-tree>
        <model-data>
        {data}
        </model-data>
        </opsa-mef>
        """;

    private static string Event(string name, double p = 0.1) =>
        $"<define-basic-event name=\"{name}\"><float value=\"{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"/></define-basic-event>";

    [Fact]
    public void A_two_out_of_three_tree_with_forward_references_reads_and_analyses()
    {
        var model = Read(Tree(
            """
            <define-gate name="top"><atleast min="2"><gate name="a"/><basic-event name="c"/><basic-event name="d"/></atleast></define-gate>
            <define-gate name="a"><or><basic-event name="x"/><basic-event name="y"/></or></define-gate>
            """,
            Event("x") + Event("y") + Event("c") + Event("d")));
        Assert.Equal("top", model.TopEvent);
        Assert.Equal(2, model.GateCount);
        Assert.Equal(4, model.BasicEventCount);
        var result = FaultTreeAnalyzer.Analyze(model.Graph);
        Assert.Equal(5, (int)result.CutSets!.Count); // {x,c} {x,d} {y,c} {y,d} {c,d}
    }

    [Fact]
    public void Parameters_and_constant_expressions_give_the_probability()
    {
        var model = Read(Tree(
            """<define-gate name="top"><or><basic-event name="x"/><house-event name="h"/></or></define-gate>""",
            """
            <define-parameter name="rate"><mul><float value="0.5"/><parameter name="base"/></mul></define-parameter>
            <define-parameter name="base"><div><int value="1"/><int value="10"/></div></define-parameter>
            <define-basic-event name="x"><sub><float value="0.2"/><parameter name="rate"/></sub></define-basic-event>
            <define-house-event name="h"><constant value="false"/></define-house-event>
            """));
        Assert.Equal(0.15, FaultTreeAnalyzer.Analyze(model.Graph).Probability.Value, 1e-12);
    }

    [Fact]
    public void Nested_formulas_with_not_are_read_as_written()
    {
        var model = Read(Tree(
            """<define-gate name="top"><and><basic-event name="x"/><not><basic-event name="y"/></not></and></define-gate>""",
            Event("x", 0.5) + Event("y", 0.2)));
        Assert.Equal(0.4, FaultTreeAnalyzer.Analyze(model.Graph).Probability.Value, 1e-12);
    }

    [Fact]
    public void A_truncated_file_is_an_error_with_a_line_number()
    {
        var xml = Tree("""<define-gate name="top"><or><basic-event name="x"/><basic-event name="y"/></or></define-gate>""", Event("x") + Event("y"));
        var e = Fails(xml[..(xml.Length / 2)]);
        Assert.True(e.Line > 0);
        Assert.Contains("test.xml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_of_gate_references_is_an_error_naming_the_gate()
    {
        var e = Fails(Tree(
            """
            <define-gate name="top"><or><gate name="a"/><basic-event name="x"/></or></define-gate>
            <define-gate name="a"><and><gate name="b"/><basic-event name="x"/></and></define-gate>
            <define-gate name="b"><or><gate name="a"/><basic-event name="x"/></or></define-gate>
            """,
            Event("x")));
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Matches("'(a|b)'", e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Gates_that_only_reference_each_other_have_no_top_and_are_an_error()
    {
        var e = Fails(Tree(
            """
            <define-gate name="a"><or><gate name="b"/></or></define-gate>
            <define-gate name="b"><or><gate name="a"/></or></define-gate>
            """));
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("basic-event", "ghost")]
    [InlineData("gate", "ghost")]
    [InlineData("house-event", "ghost")]
    public void An_undefined_reference_is_an_error_naming_it_and_its_line(string kind, string name)
    {
        var e = Fails(Tree(
            $"""
            <define-gate name="top">
            <or><basic-event name="x"/><{kind} name="{name}"/></or>
            </define-gate>
            """,
            Event("x")));
        Assert.Contains($"'{name}' is not defined", e.Message, StringComparison.Ordinal);
        Assert.Equal(kind, e.Element);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void An_unsupported_element_is_an_error_naming_element_and_line()
    {
        var e = Fails(Tree(
            """<define-gate name="top"><or><basic-event name="x"/><basic-event name="y"/></or></define-gate>""",
            Event("x") + "\n<define-CCF-group name=\"c\"/>\n" + Event("y")));
        Assert.Equal("define-CCF-group", e.Element);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    [Theory]
    [InlineData("<float value=\"1.5\"/>", "outside [0, 1]")]
    [InlineData("<lognormal-deviate><float value=\"1\"/><float value=\"2\"/></lognormal-deviate>", "not supported")]
    [InlineData("<float value=\"abc\"/>", "not a finite number")]
    [InlineData("<parameter name=\"nowhere\"/>", "not defined")]
    public void A_bad_probability_is_an_error(string expression, string problem)
    {
        var e = Fails(Tree(
            """<define-gate name="top"><or><basic-event name="x"/><basic-event name="y"/></or></define-gate>""",
            $"<define-basic-event name=\"x\">{expression}</define-basic-event>" + Event("y")));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billion_laughs_document_is_refused_quickly()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">\n");
        }

        sb.Append("]>\n<opsa-mef>&lol9;</opsa-mef>");
        var watch = Stopwatch.StartNew();
        var e = Fails(sb.ToString());
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_external_entity_is_refused()
    {
        var e = Fails("""
            <?xml version="1.0"?>
            <!DOCTYPE opsa-mef [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <opsa-mef>&xxe;</opsa-mef>
            """);
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_chain_of_gates_is_read_without_exhausting_the_stack()
    {
        var n = 100_000;
        var gates = string.Concat(Enumerable.Range(0, n).Select(i => $"<define-gate name=\"g{i}\"><or><gate name=\"g{i + 1}\"/><basic-event name=\"x\"/></or></define-gate>\n"));
        gates += $"<define-gate name=\"g{n}\"><or><basic-event name=\"x\"/><basic-event name=\"y\"/></or></define-gate>";
        var model = Read(Tree(gates, Event("x") + Event("y")));
        Assert.Equal("g0", model.TopEvent);
        Assert.Equal(n + 1, model.GateCount);
    }

    [Fact]
    public void Deep_nesting_is_refused_with_the_depth_limit()
    {
        var depth = 10_000;
        var xml = Tree($"<define-gate name=\"top\">{string.Concat(Enumerable.Repeat("<and>", depth))}<basic-event name=\"x\"/>{string.Concat(Enumerable.Repeat("</and>", depth))}</define-gate>", Event("x"));
        var e = Fails(xml);
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100_MB_stream_is_refused_within_seconds_without_reading_it_all()
    {
        var stream = new GeneratedStream(100L * 1024 * 1024);
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<MefException>(() => MefReader.Read(stream, "huge.xml"));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(stream.Position < stream.Size, "the reader should stop at the limit, not read everything");
    }

    [Fact]
    public void A_100_MB_file_on_disk_is_refused_at_once()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chokepoint-huge-{Environment.ProcessId}.xml");
        try
        {
            using (var file = File.Create(path))
            {
                new GeneratedStream(100L * 1024 * 1024).CopyTo(file);
            }

            var watch = Stopwatch.StartNew();
            var e = Assert.Throws<MefException>(() => MefReader.ReadFile(path));
            Assert.Contains("limit", e.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Too_many_elements_are_refused_with_the_element_limit()
    {
        var events = string.Concat(Enumerable.Range(0, 2000).Select(i => Event("e" + i)));
        var e = Assert.Throws<MefException>(() => MefReader.Read(
            new MemoryStream(Encoding.UTF8.GetBytes(Tree("""<define-gate name="top"><or><basic-event name="e0"/><basic-event name="e1"/></or></define-gate>""", events))),
            "many.xml",
            new MefLimits { MaxElements = 1000 }));
        Assert.Contains("limit of 1,000 elements", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A non-seekable stream of a syntactically valid MEF document of a given size, made on the fly.</summary>
    private sealed class GeneratedStream(long size) : Stream
    {
        private static readonly byte[] Header = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<opsa-mef>\n<model-data>\n");
        private long _position;

        public long Size => size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, size - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Header.Length
                    ? Header[at]
                    : Chunk[(int)((at - Header.Length) % Chunk.Length)];
            }

            _position += n;
            return n;
        }

        private static readonly byte[] Chunk = Encoding.UTF8.GetBytes("<define-basic-event name=\"e\"><float value=\"0.01\"/></define-basic-event>\n");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
