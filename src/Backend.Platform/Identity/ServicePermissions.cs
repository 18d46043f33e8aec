namespace Backend.Platform.Identity;

/// <summary>
/// What each of the platform's service identities may call, and nothing more. A service token
/// carries its list; <see cref="ServicePermissionHandler"/> refuses every other method.
/// </summary>
public static class ServicePermissions
{
    public const string Orders = "orders";
    public const string Payments = "payments";

    private const string WatchRevocations = "/backend.users.v1.UserService/WatchRevocations";

    private static readonly Dictionary<string, string[]> ByClient = new(StringComparer.Ordinal)
    {
        // Orders follows revocations when it runs apart from UserService; it calls nothing else.
        [Orders] = [WatchRevocations],
        // Payments reads the order it charges and records payments and refunds on it.
        [Payments] =
        [
            "/backend.orders.v1.OrderService/GetOrder",
            "/backend.orders.v1.OrderService/MarkOrderPaid",
            "/backend.orders.v1.OrderService/MarkOrderRefunded",
            WatchRevocations,
        ],
    };

    /// <summary>The known client ids.</summary>
    public static IEnumerable<string> Clients => ByClient.Keys;

    /// <summary>The methods the client may call; empty for an unknown client.</summary>
    public static IReadOnlyCollection<string> Of(string clientId) => ByClient.TryGetValue(clientId, out var methods) ? methods : [];
}
