using System.Globalization;

namespace Chokepoint.Operations;

/// <summary>
/// What a request says, field by field, under neutral snake_case names: <c>home</c>, <c>target</c>,
/// <c>domestic</c>, <c>friendly</c>, <c>reach</c>, <c>de_minimis</c>, <c>events</c>,
/// <c>max_order</c>, <c>prob</c>, <c>restrict</c>, <c>scope_layers</c>, <c>scope_components</c>,
/// <c>scenario</c>, <c>months</c>, <c>samples</c>, <c>seed</c>, <c>homes</c>, <c>budget</c>,
/// <c>objective</c>, <c>horizon</c>, <c>from_substitution</c>, <c>scenarios</c>, <c>frontier</c>.
/// Each adapter reads its own spelling (the command line its options, the service its JSON body)
/// and reports a value of the wrong type itself, as a <see cref="RequestException"/>; what the
/// values must be is checked once, by the operations.
/// </summary>
public interface IRequestFields
{
    /// <summary>How this adapter spells <paramref name="field"/> in a message: <c>--max-order</c> on the command line, <c>'max_order'</c> in the service.</summary>
    string Spell(string field);

    /// <summary>The field's text, or null when the request does not give it.</summary>
    string? String(string field);

    bool? Bool(string field);

    double? Number(string field);

    IReadOnlyList<string>? List(string field);

    /// <summary>Names with numbers, in the order given (<c>prob</c>: event → probability).</summary>
    IReadOnlyList<KeyValuePair<string, double>>? Map(string field);
}

/// <summary>
/// A request that cannot run as given: the message names the field in the adapter's spelling and
/// says what to give instead. The command line exits 2 with it, the service answers 400.
/// </summary>
public sealed class RequestException(string field, string message) : Exception(message)
{
    /// <summary>The field at fault, by its neutral name.</summary>
    public string Field { get; } = field;

    /// <summary>The located findings behind the failure (a model that an import built but that does not validate), first to last.</summary>
    public IReadOnlyList<Analysis.Validation.Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>The checks every operation shares, so that a rule is written once.</summary>
public static class Fields
{
    /// <summary>A failure of <paramref name="field"/>: "<c>--max-order</c> must be ..." or "<c>'max_order'</c> must be ...".</summary>
    public static RequestException Fail(this IRequestFields fields, string field, string says)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new RequestException(field, $"{fields.Spell(field)} {says}");
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>], or null when not given.</summary>
    public static int? Int(this IRequestFields fields, string field, int min = int.MinValue, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Number(field) is not { } d)
        {
            return null;
        }

        if (!double.IsFinite(d) || d != Math.Floor(d) || Math.Abs(d) > int.MaxValue)
        {
            throw fields.Fail(field, $"must be a whole number, not {Text(d)}.");
        }

        var n = (int)d;
        return n < min ? throw fields.Fail(field, max == int.MaxValue ? $"must be {min} or more, not {n}." : $"must be between {min} and {max}, not {n}.")
            : n > max ? throw fields.Fail(field, $"must be between {min} and {max}, not {n}.")
            : n;
    }

    /// <summary>A finite number of at least <paramref name="min"/>, or null when not given.</summary>
    public static double? Amount(this IRequestFields fields, string field, double min = 0)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.Number(field) is not { } d ? null
            : double.IsFinite(d) && d >= min ? d
            : throw fields.Fail(field, $"must be a number of {Text(min)} or more, not {Text(d)}.");
    }

    /// <summary>A share or probability in [0, 1], or null when not given.</summary>
    public static double? Share(this IRequestFields fields, string field)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.Number(field) is not { } d ? null
            : d is >= 0 and <= 1 ? d
            : throw fields.Fail(field, $"must be a share in [0, 1], such as 0.25, not {Text(d)}.");
    }

    /// <summary>One of <paramref name="choices"/>, or null when not given.</summary>
    public static string? Choice(this IRequestFields fields, string field, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(choices);
        return fields.String(field) is not { } s ? null
            : choices.Contains(s, StringComparer.Ordinal) ? s
            : throw fields.Fail(field, $"must be {string.Join(", ", choices[..^1])} or {choices[^1]}, not '{s}'.");
    }

    public static string Text(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
