namespace Backend.Platform.Identity;

/// <summary>The JWT claims the platform issues and reads, by their registered names.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>The session the token belongs to (OpenID Connect's <c>sid</c>).</summary>
    public const string SessionId = "sid";

    /// <summary>Expiry, seconds since the epoch.</summary>
    public const string Expires = "exp";

    /// <summary>One gRPC method a service token may call, e.g. <c>/backend.orders.v1.OrderService/GetOrder</c>.</summary>
    public const string Permission = "perm";
}
