namespace Backend.Users.Domain;

/// <summary>
/// A refresh token, kept only as the SHA-256 of its value (it is 256 random bits, so a slow
/// hash adds nothing). Used ones are kept too, so that presenting one again is recognised.
/// </summary>
public sealed class RefreshToken
{
    public required string Hash { get; init; }

    public required string SessionId { get; init; }

    public DateTimeOffset ExpireTime { get; init; }

    /// <summary>When it was exchanged for new tokens; null while unused.</summary>
    public DateTimeOffset? UseTime { get; set; }
}
