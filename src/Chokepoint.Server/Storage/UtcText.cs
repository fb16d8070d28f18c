using System.Globalization;

namespace Chokepoint.Server.Storage;

/// <summary>
/// Times as the store keeps them and the API writes them: ISO 8601 in UTC with seven fractional
/// digits and the offset, such as <c>2026-03-01T09:30:00.1234567+00:00</c> (the round-trip "O" format).
/// </summary>
public static class UtcText
{
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? time) => time is { } t ? Format(t) : null;

    /// <exception cref="FormatException">The text is not such a time.</exception>
    public static DateTimeOffset Parse(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
