using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Optimize;
using CsCheck;

namespace Chokepoint.Operations.Tests;

/// <summary>
/// The binary messages of a cluster run (a request's recorded fields, a unit's result) read back
/// what was written, and any other bytes, from a damaged or hostile peer, are an
/// <see cref="InvalidDataException"/>, never another exception or an allocation beyond the input.
/// </summary>
public sealed class UnitBytesTests
{
    private static readonly Func<byte[], object>[] Readers =
    [
        b => RecordedFields.FromBytes(b),
        b => UnitCodec.ReadColumn(b),
        b => UnitCodec.ReadSamples(b),
        b => UnitCodec.ReadScenarioSamples(b),
        b => UnitCodec.ReadRecoverySamples(b),
        b => UnitCodec.ReadCompareRow(b),
        b => UnitCodec.ReadFrontierSearch(b),
    ];

    private static readonly CompareOperation.Row Row = new(
        new CompareDocument.Row("", "a stack", "KR", "phone", true, ["us-ai-rule"], 0.75, false, null, 0.5, 0.25, ["US"], 1,
            new CutSetsJson(new Count(System.Numerics.BigInteger.Pow(10, 30)), new Dictionary<string, Count> { ["1"] = new(1), ["2"] = new(7) }, null), "US", 1e-300),
        3, true, "controls in force: none");

    private static readonly FrontierSearch Search = new(3, [0, 4, 9], new PlanFigures(null, 0.5, 0.125, null), 7, false);

    [Fact]
    public void Recorded_fields_and_samples_read_back_what_was_written()
    {
        var fields = RecordedFields.Recording(new Fields());
        Assert.Equal("CN", fields.String("home"));
        Assert.Equal(3.0, fields.Number("max_order"));
        Assert.Equal(["US", "NL"], fields.List("restrict"));
        var again = RecordedFields.FromBytes(fields.ToBytes());
        Assert.Equal(("CN", 3.0, (string?)null), (again.String("home"), again.Number("max_order"), again.String("target")));
        Assert.Equal(["US", "NL"], again.List("restrict"));

        ScenarioSample[] scenario = [new([0.5, double.NaN, 1e-300], true, null), new([], false, 0.25)];
        var read = UnitCodec.ReadScenarioSamples(UnitCodec.Write(scenario));
        Assert.Equal(scenario.Select(s => (s.Cut, s.Retained, string.Join(",", s.Capacity.Select(BitConverter.DoubleToInt64Bits)))),
            read.Select(s => (s.Cut, s.Retained, string.Join(",", s.Capacity.Select(BitConverter.DoubleToInt64Bits)))));
        RecoverySample[] recovery = [new(3, null, 0.75, 0.9), new(null, null, 0, null)];
        Assert.Equal(recovery, UnitCodec.ReadRecoverySamples(UnitCodec.Write(recovery)));

        var row = UnitCodec.ReadCompareRow(UnitCodec.Write(Row));
        Assert.Equal(Formats.Results.Json.Text(CompareOperation.Json([Row])), Formats.Results.Json.Text(CompareOperation.Json([row])));
        Assert.Equal((Row.MaxOrder, Row.StrongestHolderCuts, Row.Controls), (row.MaxOrder, row.StrongestHolderCuts, row.Controls));
        var search = UnitCodec.ReadFrontierSearch(UnitCodec.Write(Search));
        Assert.Equal((Search.Wanted, Search.Figures, Search.Rounds, Search.Stopped), (search.Wanted, search.Figures, search.Rounds, search.Stopped));
        Assert.Equal(Search.Plan, search.Plan);
        Assert.Null(UnitCodec.ReadFrontierSearch(UnitCodec.Write(new FrontierSearch(2, null, null, 1, true))).Plan);
    }

    [Fact]
    public void Any_bytes_are_read_or_refused_as_invalid_data()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            foreach (var read in Readers)
            {
                Refused(read, bytes);
            }
        }, iter: 20000);
    }

    [Fact]
    public void Damaged_copies_of_valid_messages_are_read_or_refused_as_invalid_data()
    {
        var fields = RecordedFields.Recording(new Fields());
        _ = (fields.String("home"), fields.Number("max_order"), fields.List("restrict"));
        byte[][] valid =
        [
            fields.ToBytes(),
            UnitCodec.Write([new ScenarioSample([0.5, 0.25], true, 0.5)]),
            UnitCodec.Write([new RecoverySample(1, 4, 0.5, null)]),
            UnitCodec.Write([new AnalysisSample(0.5, [0.1, 0.2], [true, false], 0.3)]),
            UnitCodec.Write(Row),
            UnitCodec.Write(Search),
        ];
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 1000], Gen.Byte, Gen.Int[0, 3]).Sample((which, at, value, cut) =>
        {
            var bytes = (byte[])valid[which].Clone();
            bytes[at % bytes.Length] = value;
            bytes = bytes[..Math.Max(0, bytes.Length - cut)];
            foreach (var read in Readers)
            {
                Refused(read, bytes);
            }
        }, iter: 20000);
    }

    private static void Refused(Func<byte[], object> read, byte[] bytes)
    {
        try
        {
            read(bytes);
        }
        catch (InvalidDataException)
        {
        }
    }

    private sealed class Fields : IRequestFields
    {
        public string Spell(string field) => field;

        public string? String(string field) => field == "home" ? "CN" : null;

        public bool? Bool(string field) => null;

        public double? Number(string field) => field == "max_order" ? 3 : null;

        public IReadOnlyList<string>? List(string field) => field == "restrict" ? ["US", "NL"] : null;

        public IReadOnlyList<KeyValuePair<string, double>>? Map(string field) => null;
    }
}
