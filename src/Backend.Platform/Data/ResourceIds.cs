namespace Backend.Platform.Data;

/// <summary>
/// Identifiers for new resources: UUIDv7 in 32 lower-case hex digits, so they sort by creation
/// time and keyset pagination over them follows insertion order.
/// </summary>
public static class ResourceIds
{
    public static string New(TimeProvider timeProvider) => Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
}
