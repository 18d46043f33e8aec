namespace Backend.Platform.Data;

/// <summary>
/// Identifiers for new resources: UUIDv7 in 32 lower-case hex digits, so they sort by creation
/// time and keyset pagination over them follows insertion order.
/// </summary>
public static class ResourceIds
{
    public const int Length = 32;

    public static string New(TimeProvider timeProvider) => Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");

    /// <summary>Whether <paramref name="id"/> has the shape of an id this platform gives out.</summary>
    public static bool IsWellFormed(string id) => id.Length == Length && id.AsSpan().IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
}
