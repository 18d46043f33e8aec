namespace Backend.Platform.Identity;

/// <summary>A service process's client id and secret (<c>Auth:Client</c>).</summary>
public sealed class ClientCredential
{
    /// <summary>The client id; by default <c>payments</c> in a process that hosts PaymentService, else <c>orders</c>.</summary>
    public string? Id { get; set; }

    /// <summary>The secret; required in a process that does not host UserService.</summary>
    public string? Secret { get; set; }
}
