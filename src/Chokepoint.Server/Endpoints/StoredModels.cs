using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Models;
using Chokepoint.Server.Storage;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// Stored models as parsed models, the last few kept: analyses of the same version do not parse its
/// text again. A hit must match the stored text exactly, so a model deleted and saved anew under the
/// same id and version number is parsed afresh. Models are immutable, so one parse serves requests
/// side by side.
/// </summary>
internal static class StoredModels
{
    private const int Capacity = 32;

    /// <summary>The most text kept over all entries (the parsed models are a few times that); a larger model is parsed for each request.</summary>
    private const long MaxCharacters = 16 * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static readonly LinkedList<(string Id, int Version, string Text, StackModel Model)> Recent = new();
    private static long _characters;

    public static StackModel Parse(StoredModel stored)
    {
        lock (Gate)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Id == stored.Id && node.Value.Version == stored.Version && string.Equals(node.Value.Text, stored.Text, StringComparison.Ordinal))
                {
                    Recent.Remove(node);
                    Recent.AddFirst(node);
                    return node.Value.Model;
                }
            }
        }

        // A stored model was valid when saved, so it parses; its text is Chokepoint's own writing.
        var model = ModelLoader.Parse(stored.Text, $"{stored.Id}.yaml").Model!;
        if (stored.Text.Length > MaxCharacters / 4)
        {
            return model;
        }

        lock (Gate)
        {
            Recent.AddFirst((stored.Id, stored.Version, stored.Text, model));
            _characters += stored.Text.Length;
            while (Recent.Count > Capacity || _characters > MaxCharacters)
            {
                _characters -= Recent.Last!.Value.Text.Length;
                Recent.RemoveLast();
            }
        }

        return model;
    }
}
