namespace Backend.Users.Domain;

/// <summary>
/// The record that a session was ended, kept until its access tokens would have expired anyway:
/// every UserService instance reads these and streams them to the other services.
/// </summary>
public sealed class SessionRevocation
{
    public long Id { get; init; }

    public required string SessionId { get; init; }

    public DateTimeOffset RevokeTime { get; init; }

    public DateTimeOffset KeepUntil { get; init; }
}
