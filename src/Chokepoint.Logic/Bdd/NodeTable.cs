using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chokepoint.Logic.Bdd;

/// <summary>
/// Hash-consed decision-diagram nodes in parallel arrays (struct of arrays), with a lossy computed-table cache.
/// Node 0 and node 1 are the terminals. Memory is bounded by <see cref="MaxNodes"/>.
/// </summary>
internal class NodeTable
{
    public const int Zero = 0;
    public const int One = 1;
    public const int TerminalVar = int.MaxValue;

    private int[] _var;
    private int[] _hi;
    private int[] _lo;
    private int[] _next;
    private int[] _buckets;
    private int _count;

    private CacheEntry[] _cache;
    private int _cacheMask;

    protected NodeTable(int maxNodes, int initialCapacity = 1 << 16)
    {
        MaxNodes = maxNodes;
        initialCapacity = Math.Max(initialCapacity, 16);
        _var = new int[initialCapacity];
        _hi = new int[initialCapacity];
        _lo = new int[initialCapacity];
        _next = new int[initialCapacity];
        _buckets = new int[initialCapacity];
        Array.Fill(_buckets, -1);
        _var[0] = _var[1] = TerminalVar;
        _count = 2;
        _cache = new CacheEntry[1 << 16];
        _cacheMask = _cache.Length - 1;
        Array.Fill(_cache, new CacheEntry { Op = -1 });
    }

    public int MaxNodes { get; }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Var(int n) => _var[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Hi(int n) => _hi[n];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lo(int n) => _lo[n];

    /// <summary>The unique node (v, hi, lo); no reduction rule applied here.</summary>
    protected int Find(int v, int hi, int lo)
    {
        var h = Hash(v, hi, lo) & (_buckets.Length - 1);
        for (var n = _buckets[h]; n >= 0; n = _next[n])
        {
            if (_var[n] == v && _hi[n] == hi && _lo[n] == lo)
            {
                return n;
            }
        }

        if (_count == _var.Length)
        {
            Grow();
            h = Hash(v, hi, lo) & (_buckets.Length - 1);
        }

        var id = _count++;
        _var[id] = v;
        _hi[id] = hi;
        _lo[id] = lo;
        _next[id] = _buckets[h];
        _buckets[h] = id;
        return id;
    }

    private void Grow()
    {
        if (_count >= MaxNodes)
        {
            throw new DiagramTooLargeException(MaxNodes);
        }

        var size = (int)Math.Min((long)_var.Length * 2, Math.Max(MaxNodes, 16));
        Array.Resize(ref _var, size);
        Array.Resize(ref _hi, size);
        Array.Resize(ref _lo, size);
        Array.Resize(ref _next, size);
        _buckets = new int[BitOperations.RoundUpToPowerOf2((uint)size) > int.MaxValue / 2 ? 1 << 30 : (int)BitOperations.RoundUpToPowerOf2((uint)size)];
        Array.Fill(_buckets, -1);
        for (var n = 2; n < _count; n++)
        {
            var h = Hash(_var[n], _hi[n], _lo[n]) & (_buckets.Length - 1);
            _next[n] = _buckets[h];
            _buckets[h] = n;
        }

        // Keep the computed table at about a quarter of the node table, up to 2^24 entries.
        // The slot is hash & mask, so the length must stay a power of two.
        var wanted = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Min(size / 4, 1 << 24) + 1) >> 1;
        if (_cache.Length < wanted)
        {
            var cache = new CacheEntry[wanted];
            Array.Fill(cache, new CacheEntry { Op = -1 });
            _cache = cache;
            _cacheMask = cache.Length - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(int v, int hi, int lo)
    {
        unchecked
        {
            var h = (uint)v * 0x9E3779B1u;
            h ^= (uint)hi * 0x85EBCA77u;
            h ^= (uint)lo * 0xC2B2AE3Du;
            h ^= h >> 15;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool CacheGet(int op, int a, int b, out int result)
    {
        ref var e = ref _cache[CacheSlot(op, a, b)];
        if (e.Op == op && e.A == a && e.B == b)
        {
            result = e.R;
            return true;
        }

        result = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void CachePut(int op, int a, int b, int result)
    {
        ref var e = ref _cache[CacheSlot(op, a, b)];
        e.Op = op;
        e.A = a;
        e.B = b;
        e.R = result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CacheSlot(int op, int a, int b)
    {
        unchecked
        {
            var h = ((uint)a * 0x9E3779B1u) ^ ((uint)b * 0x85EBCA77u) ^ ((uint)op * 0xC2B2AE3Du);
            h ^= h >> 16;
            return (int)(h & (uint)_cacheMask);
        }
    }

    private struct CacheEntry
    {
        public int Op;
        public int A;
        public int B;
        public int R;
    }
}

/// <summary>Thrown inside the engine when a diagram would exceed its node budget.</summary>
internal sealed class DiagramTooLargeException(int maxNodes)
    : Exception($"The decision diagram needs more than {maxNodes} nodes.")
{
    public int MaxNodes { get; } = maxNodes;
}
