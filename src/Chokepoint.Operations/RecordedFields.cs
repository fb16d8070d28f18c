namespace Chokepoint.Operations;

/// <summary>
/// A request's fields as an operation read them, kept so that the same request can be read again
/// elsewhere (a silo reads what the command line or the service read): wrap the adapter's fields
/// in <see cref="Recording"/>, read the request through it, then send <see cref="ToBytes"/>; the
/// other end reads the same request from <see cref="FromBytes"/>. A field never read is not kept,
/// and one read twice keeps its first answer, so both ends read the same values whatever the adapter.
/// </summary>
public sealed class RecordedFields : IRequestFields
{
    private enum Kind : byte
    {
        Text = 1,
        Flag = 2,
        Number = 3,
        List = 4,
        Map = 5,
    }

    private readonly SortedDictionary<string, (Kind Kind, object Value)> _values = new(StringComparer.Ordinal);
    private readonly IRequestFields? _inner;

    private RecordedFields(IRequestFields? inner) => _inner = inner;

    /// <summary>Fields that answer from <paramref name="inner"/> and keep every answer that is not null.</summary>
    public static RecordedFields Recording(IRequestFields inner) => new(inner ?? throw new ArgumentNullException(nameof(inner)));

    public string Spell(string field) => _inner?.Spell(field) ?? $"'{field}'";

    public string? String(string field) => Get(field, Kind.Text, f => _inner?.String(f)) as string;

    public bool? Bool(string field) => Get(field, Kind.Flag, f => _inner?.Bool(f)) as bool?;

    public double? Number(string field) => Get(field, Kind.Number, f => _inner?.Number(f)) as double?;

    public IReadOnlyList<string>? List(string field) => Get(field, Kind.List, f => _inner?.List(f)?.ToArray()) as IReadOnlyList<string>;

    public IReadOnlyList<KeyValuePair<string, double>>? Map(string field) => Get(field, Kind.Map, f => _inner?.Map(f)?.ToArray()) as IReadOnlyList<KeyValuePair<string, double>>;

    private object? Get(string field, Kind kind, Func<string, object?> read)
    {
        if (_values.TryGetValue(field, out var kept))
        {
            return kept.Kind == kind ? kept.Value : null;
        }

        if (_inner is null)
        {
            return null;
        }

        var value = read(field);
        if (value is not null)
        {
            _values[field] = (kind, value);
        }

        return value;
    }

    /// <summary>
    /// The kept fields with <paramref name="field"/> answering <paramref name="list"/>, or nothing
    /// when it is empty: the request as one part of a run reads it (one model of a comparison, its homes).
    /// </summary>
    public RecordedFields With(string field, IReadOnlyList<string> list)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(list);
        var copy = new RecordedFields(null);
        foreach (var (name, value) in _values)
        {
            copy._values[name] = value;
        }

        copy._values.Remove(field);
        if (list.Count > 0)
        {
            copy._values[field] = (Kind.List, list.ToArray());
        }

        return copy;
    }

    /// <summary>The kept fields, by name, in a fixed layout.</summary>
    public byte[] ToBytes() => UnitCodec.Bytes(w =>
    {
        w.Write(_values.Count);
        foreach (var (name, (kind, value)) in _values)
        {
            w.Write(name);
            w.Write((byte)kind);
            switch (value)
            {
                case string s:
                    w.Write(s);
                    break;
                case bool b:
                    w.Write(b);
                    break;
                case double d:
                    w.Write(d);
                    break;
                case string[] list:
                    w.Write(list.Length);
                    foreach (var item in list)
                    {
                        w.Write(item);
                    }

                    break;
                case KeyValuePair<string, double>[] map:
                    w.Write(map.Length);
                    foreach (var (key, number) in map)
                    {
                        w.Write(key);
                        w.Write(number);
                    }

                    break;
            }
        }
    });

    /// <summary>Fields that answer what <see cref="ToBytes"/> kept, and null for every other field.</summary>
    public static RecordedFields FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var fields = new RecordedFields(null);
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
        try
        {
            var count = r.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var kind = (Kind)r.ReadByte();
                object value = kind switch
                {
                    Kind.Text => r.ReadString(),
                    Kind.Flag => r.ReadBoolean(),
                    Kind.Number => r.ReadDouble(),
                    Kind.List => Enumerable.Range(0, UnitCodec.Count(r, "a recorded request")).Select(_ => r.ReadString()).ToArray(),
                    Kind.Map => Enumerable.Range(0, UnitCodec.Count(r, "a recorded request")).Select(_ => new KeyValuePair<string, double>(r.ReadString(), r.ReadDouble())).ToArray(),
                    _ => throw new InvalidDataException($"a recorded request has a field '{name}' of unknown kind {(byte)kind}."),
                };
                fields._values[name] = (kind, value);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a recorded request is cut short.", e);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A string's length that is not a 7-bit encoded integer, or is negative.
            throw new InvalidDataException($"a recorded request is damaged: {e.Message}", e);
        }

        return fields;
    }
}
