namespace Backend.Platform.Identity;

/// <summary>A service client UserService accepts (<c>Auth:Clients:&lt;id&gt;</c>).</summary>
public sealed class ClientRegistration
{
    /// <summary>The SHA-256 of the client's secret, in hex (e.g. from <c>sha256sum</c>).</summary>
    public string? SecretSha256 { get; set; }
}
