namespace Backend.Platform.Identity;

/// <summary>A service client UserService accepts (<c>Auth:Clients:&lt;id&gt;</c>).</summary>
public sealed class ClientRegistration
{
    /// <summary>The SHA-256 of the client's secret, in hex (e.g. from <c>sha256sum</c>).</summary>
    public string? SecretSha256 { get; set; }

    /// <summary>
    /// For a client other than the platform's own (<c>orders</c>, <c>payments</c>): the methods
    /// its tokens may call, as full gRPC paths, e.g.
    /// <c>/backend.orders.v1.OrderService/WatchOrderChanges</c>. A client with none is refused.
    /// </summary>
    public List<string> Methods { get; set; } = [];
}
