namespace Backend.Users.Domain;

/// <summary>A signed-in session: what its access and refresh tokens belong to.</summary>
public sealed class Session
{
    /// <summary>The <c>sid</c> claim of the session's access tokens.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    /// <summary>When the session was ended; null while it lasts.</summary>
    public DateTimeOffset? RevokeTime { get; set; }
}
