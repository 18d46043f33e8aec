namespace Backend.Platform.Identity;

/// <summary>The JWT claims the platform issues and reads, by their registered names.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
}
