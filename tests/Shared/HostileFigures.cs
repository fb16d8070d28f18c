using System.Collections;
using System.Reflection;

namespace Chokepoint.Testing;

/// <summary>
/// Rewrites every figure (double, double?, float) inside a result's object graph with values drawn
/// from the ones JSON cannot carry or that stress a writer: NaN, ±∞, 0, −0, tiny and huge. It walks
/// the project's own records and the lists, arrays and dictionaries they hold; the shape (keys,
/// ids, counts) is left as the analysis made it, so a writer sees a real result with hostile figures.
/// </summary>
internal static class HostileFigures
{
    public static readonly double[] Values =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, double.Epsilon, 1e-300, 1e-9, 1e300, double.MaxValue, double.MinValue, 0.5];

    /// <summary>Rewrites the figures of <paramref name="root"/> in place; returns how many it rewrote (a test can check that it found some).</summary>
    public static int Perturb(object root, Random rng)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(rng);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        return Walk(root, rng, seen);
    }

    private static double Draw(Random rng) => Values[rng.Next(Values.Length)];

    private static bool IsFigure(Type t) => t == typeof(double) || t == typeof(double?) || t == typeof(float) || t == typeof(float?);

    private static object? DrawFor(Type t, Random rng) =>
        t == typeof(float) || t == typeof(float?) ? (object)(float)Draw(rng)
        : Nullable.GetUnderlyingType(t) is not null && rng.Next(8) == 0 ? null
        : Draw(rng);

    private static int Walk(object node, Random rng, HashSet<object> seen)
    {
        var type = node.GetType();
        if (type.IsPrimitive || node is string || type.IsEnum || type.IsValueType || !seen.Add(node))
        {
            return 0;
        }

        var count = 0;
        switch (node)
        {
            case Array array when IsFigure(type.GetElementType()!):
                for (var i = 0; i < array.Length; i++)
                {
                    array.SetValue(DrawFor(type.GetElementType()!, rng), i);
                    count++;
                }

                return count;
            case IDictionary { IsReadOnly: false } dictionary:
                var valueType = type.GetGenericArguments().LastOrDefault() ?? typeof(object);
                foreach (var key in dictionary.Keys.Cast<object>().ToList())
                {
                    if (IsFigure(valueType))
                    {
                        dictionary[key] = DrawFor(valueType, rng);
                        count++;
                    }
                    else if (dictionary[key] is { } value)
                    {
                        count += Walk(value, rng, seen);
                    }
                }

                return count;
            case IList { IsReadOnly: false } list when type.IsGenericType && IsFigure(type.GetGenericArguments()[0]):
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = DrawFor(type.GetGenericArguments()[0], rng);
                    count++;
                }

                return count;
            case IEnumerable items:
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        count += Walk(item, rng, seen);
                    }
                }

                return count;
        }

        if (type.Namespace?.StartsWith("Chokepoint", StringComparison.Ordinal) != true)
        {
            return 0;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (IsFigure(field.FieldType))
                {
                    field.SetValue(node, DrawFor(field.FieldType, rng));
                    count++;
                }
                else if (!field.FieldType.IsValueType && field.GetValue(node) is { } child)
                {
                    count += Walk(child, rng, seen);
                }
            }
        }

        return count;
    }
}
