using System.Security.Claims;
using Backend.Platform.Errors;
using Grpc.Core;

namespace Backend.Platform.Identity;

/// <summary>Who is calling, from the validated bearer token.</summary>
public sealed record Caller(string UserId, string Role)
{
    /// <summary>The session of the caller's token; empty for callers made up inside the platform.</summary>
    public string SessionId { get; init; } = "";

    public bool IsAdmin => Role == PlatformRoles.Admin;

    public bool IsService => Role == PlatformRoles.Service;

    /// <summary>Whether the caller may act on resources owned by <paramref name="ownerId"/>.</summary>
    public bool CanActFor(string ownerId) => IsAdmin || UserId == ownerId;

    /// <summary>Whether the caller may read resources owned by <paramref name="ownerId"/>.</summary>
    public bool CanRead(string ownerId) => IsAdmin || IsService || UserId == ownerId;
}

public static class CallerExtensions
{
    /// <summary>The caller, or null for an anonymous call (allowed only on RPCs open to anyone).</summary>
    public static Caller? FindCaller(this ServerCallContext context) => FromPrincipal(context.GetHttpContext().User);

    /// <summary>The caller; an anonymous call is UNAUTHENTICATED.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.FindCaller() ?? throw new DomainException(
            ErrorKind.Unauthenticated, "UNAUTHENTICATED", "A valid bearer token is required.");

    private static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var subject = principal.FindFirstValue(TokenClaims.Subject);
        var role = principal.FindFirstValue(TokenClaims.Role);
        return subject is null || role is null
            ? null
            : new Caller(subject, role) { SessionId = principal.FindFirstValue(TokenClaims.SessionId) ?? "" };
    }
}
