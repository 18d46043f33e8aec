namespace Backend.Platform.Identity;

/// <summary>Where this process's service identity gets a new access token from.</summary>
public abstract class ServiceTokenSource
{
    public abstract Task<(string Token, DateTimeOffset ExpiresAt)> GetAsync(CancellationToken cancellationToken);
}
