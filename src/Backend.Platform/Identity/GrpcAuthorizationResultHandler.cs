using Backend.Platform.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Answers a gRPC call that fails authentication or authorization as gRPC, with details:
/// UNAUTHENTICATED for a missing, invalid or expired token (reason TOKEN_EXPIRED or
/// SESSION_REVOKED when that is why), PERMISSION_DENIED for a caller whose role or service
/// permissions do not cover the RPC. Other endpoints get the framework's default answer.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    // An authorized call goes straight on, with no task of this handler's own held for as long as
    // the call lasts (a watch stream may last for hours).
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Succeeded ? next(context)
        : context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null ? _default.HandleAsync(next, context, policy, authorizeResult)
        : RefuseAsync(context, policy, authorizeResult);

    private static async Task RefuseAsync(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var status = authorizeResult.Challenged
            ? Unauthenticated((await context.AuthenticateAsync()).Failure)
            : Forbidden(policy, authorizeResult);
        await TrailersOnlyResponse.WriteAsync(context, status);
    }

    private static Google.Rpc.Status Unauthenticated(Exception? failure) => Innermost(failure) switch
    {
        SessionRevokedException => ErrorDetails.Create(StatusCode.Unauthenticated, TokenRefusals.SessionRevoked,
            "The session of this token was ended (signed out, password or role changed, user deleted). Sign in again."),
        SecurityTokenExpiredException => ErrorDetails.Create(StatusCode.Unauthenticated, TokenRefusals.TokenExpired,
            "The access token expired: get a new one with UserService.RefreshSession."),
        _ => ErrorDetails.Create(StatusCode.Unauthenticated, "UNAUTHENTICATED",
            "A valid bearer token is required: send `authorization: Bearer <token>` from UserService.Authenticate."),
    };

    private static Google.Rpc.Status Forbidden(AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.AuthorizationFailure?.FailureReasons.Any(r => r.Message == ServicePermissionHandler.NotPermitted) == true)
        {
            return ErrorDetails.Create(StatusCode.PermissionDenied, ServicePermissionHandler.NotPermitted,
                "This service identity is not permitted to call this method.");
        }

        return ErrorDetails.Create(StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED",
            "The caller's role may not call this method.",
            metadata: new Dictionary<string, string>
            {
                ["allowed_roles"] = string.Join(",", policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)),
            });
    }

    private static Exception? Innermost(Exception? failure) =>
        failure is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : failure;
}
