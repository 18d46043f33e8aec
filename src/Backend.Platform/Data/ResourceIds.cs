using System.Buffers;
using System.Buffers.Binary;

namespace Backend.Platform.Data;

/// <summary>
/// Identifiers for new resources: UUIDv7 in 32 lower-case hex digits, so they sort by creation
/// time and keyset pagination over them follows insertion order. Within one millisecond a UUIDv7
/// is random after its timestamp; this process keeps its ids increasing anyway, by taking the id
/// after the last one whenever a new one would not sort after it.
/// </summary>
public static class ResourceIds
{
    public const int Length = 32;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    public static string New(TimeProvider timeProvider)
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(timeProvider.GetUtcNow()).TryWriteBytes(bytes, bigEndian: true, out _);
        var candidate = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        lock (Gate)
        {
            // The increment lands in the random tail; the timestamp, version and variant stay.
            _last = candidate > _last ? candidate : _last + 1;
            candidate = _last;
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, candidate);
        return new Guid(bytes, bigEndian: true).ToString("N");
    }

    /// <summary>Whether <paramref name="id"/> has the shape of an id this platform gives out.</summary>
    public static bool IsWellFormed(string id) => id.Length == Length && id.AsSpan().IndexOfAnyExcept(HexDigits) < 0;
}
