using Backend.Platform.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Identity;

/// <summary>
/// Answers a gRPC call that fails authentication or authorization as gRPC, with details:
/// UNAUTHENTICATED for a missing, invalid or expired token, PERMISSION_DENIED for a caller
/// whose role may not call the RPC. Other endpoints get the framework's default answer.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var status = authorizeResult.Challenged
            ? ErrorDetails.Create(StatusCode.Unauthenticated, "UNAUTHENTICATED",
                "A valid bearer token is required: send `authorization: Bearer <token>` from UserService.Authenticate.")
            : ErrorDetails.Create(StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED",
                "The caller's role may not call this method.",
                metadata: new Dictionary<string, string>
                {
                    ["allowed_roles"] = string.Join(",", policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
                        .SelectMany(r => r.AllowedRoles)),
                });

        return TrailersOnlyResponse.WriteAsync(context, status);
    }
}
