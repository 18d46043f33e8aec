namespace Backend.Users.Application;

/// <summary>What a session start or refresh hands out.</summary>
public sealed record SessionTokens(string AccessToken, DateTimeOffset ExpiresAt, string RefreshToken);
