namespace Backend.Platform.Identity;

/// <summary>The role claim values tokens carry; the same names as the contract's Role enum.</summary>
public static class PlatformRoles
{
    public const string User = "ROLE_USER";
    public const string Admin = "ROLE_ADMIN";
    public const string Service = "ROLE_SERVICE";

    /// <summary>For <c>[Authorize(Roles = ...)]</c> on RPCs only operators and services may call.</summary>
    public const string AdminOrService = Admin + "," + Service;

    /// <summary>For <c>[Authorize(Roles = ...)]</c> on RPCs for people, not services.</summary>
    public const string UserOrAdmin = User + "," + Admin;
}
