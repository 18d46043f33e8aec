namespace Backend.Platform.Identity;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The private key that signs access tokens, as PEM text (an EC P-256 key signs ES256, an
    /// RSA key of at least 2048 bits RS256). Only the process that hosts UserService holds it.
    /// Required there outside Development (this or <see cref="SigningKeyFile"/>); in
    /// Development a key is generated on first start and kept in the data directory.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The path of a PEM file holding the signing key, instead of <see cref="SigningKey"/>.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>
    /// Keys that no longer sign but whose tokens are still accepted until they expire: PEM text
    /// or file paths. Their public halves stay in the JWK Set. See docs/security.md for rotation.
    /// </summary>
    public List<string> RetiredKeys { get; set; } = [];

    public string Issuer { get; set; } = "backend";

    public string Audience { get; set; } = "backend";

    /// <summary>How long an access token is accepted.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a refresh token may wait before it is used.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tolerance for clocks that differ between processes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a UserService instance reads revocations made by the other instances.</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this many validated tokens are remembered at once; 0 checks every token on every call.</summary>
    public int RememberedTokens { get; set; } = 10_000;

    /// <summary>This process's own service credential, exchanged with UserService for a token.</summary>
    public ClientCredential Client { get; set; } = new();

    /// <summary>
    /// On the process that hosts UserService: the service clients it accepts, by client id
    /// (<c>orders</c>, <c>payments</c>), each with the SHA-256 of its secret.
    /// </summary>
    public Dictionary<string, ClientRegistration> Clients { get; set; } = new(StringComparer.Ordinal);
}
