namespace Backend.Platform.Identity;

/// <summary>A revoked session, kept until no access token of it can be valid any more.</summary>
public sealed record Revocation(string SessionId, DateTimeOffset KeepUntil);
