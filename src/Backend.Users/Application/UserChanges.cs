using Backend.Users.Domain;

namespace Backend.Users.Application;

/// <summary>The fields an update sets: only those named in its mask are non-null.</summary>
public sealed record UserChanges(string? Email, string? DisplayName, UserRole? Role);
