using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Backend.Platform.Identity;

/// <summary>
/// Least privilege for service identities: whatever role rule an RPC has, a ROLE_SERVICE token
/// may call only the methods its <c>perm</c> claims list. Runs with every authorization check of
/// a gRPC method.
/// </summary>
internal sealed class ServicePermissionHandler : IAuthorizationHandler
{
    public const string NotPermitted = "SERVICE_NOT_PERMITTED";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (!context.User.HasClaim(TokenClaims.Role, PlatformRoles.Service)
            || context.Resource is not HttpContext http
            || http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
        {
            return Task.CompletedTask;
        }

        if (!context.User.HasClaim(TokenClaims.Permission, grpc.Method.FullName))
        {
            context.Fail(new AuthorizationFailureReason(this, NotPermitted));
        }

        return Task.CompletedTask;
    }
}
