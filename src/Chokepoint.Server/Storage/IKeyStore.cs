using System.Security.Cryptography;
using System.Text;

namespace Chokepoint.Server.Storage;

/// <summary>API keys, stored as SHA-256 hashes only: a key is shown once, when it is made.</summary>
public interface IKeyStore
{
    /// <summary>Creates a key named <paramref name="name"/> (replacing one of that name) and returns it; only its hash is stored.</summary>
    Task<string> AddKeyAsync(string name, CancellationToken cancel = default);

    /// <summary>True when <paramref name="key"/> is one of the stored keys.</summary>
    Task<bool> IsKnownKeyAsync(string key, CancellationToken cancel = default);

    Task<bool> HasKeysAsync(CancellationToken cancel = default);
}

/// <summary>How every store makes and hashes keys.</summary>
public static class ApiKeys
{
    /// <summary>A new key: 24 random bytes as URL-safe base64 (32 characters).</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a key: the SHA-256 of its UTF-8 bytes, as upper-case hex.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
