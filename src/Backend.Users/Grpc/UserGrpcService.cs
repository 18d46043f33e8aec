using Backend.Platform.Identity;
using Backend.Users.Application;
using Backend.Users.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Backend.Users.Grpc;

/// <summary>
/// The gRPC face of UserService: requests arrive validated; this calls the accounts and maps
/// the result.
/// </summary>
internal sealed class UserGrpcService(UserAccounts accounts) : UserService.UserServiceBase
{
    [AllowAnonymous]
    public override async Task<CreateUserResponse> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var user = await accounts.CreateAsync(
            request.Email, request.DisplayName, request.Password, request.Role.ToDomain(), context.FindCaller(), context.CancellationToken);
        return new CreateUserResponse { User = user.ToProto() };
    }

    [AllowAnonymous]
    public override async Task<AuthenticateResponse> Authenticate(AuthenticateRequest request, ServerCallContext context)
    {
        var (user, token, expiresAt) = await accounts.AuthenticateAsync(request.Email, request.Password, context.CancellationToken);
        return new AuthenticateResponse
        {
            AccessToken = token,
            ExpireTime = Timestamp.FromDateTimeOffset(expiresAt),
            User = user.ToProto(),
        };
    }

    public override async Task<GetUserResponse> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var user = await accounts.GetAsync(request.UserId, context.GetCaller(), context.CancellationToken);
        return new GetUserResponse { User = user.ToProto() };
    }

    [Authorize(Roles = PlatformRoles.Admin)]
    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var page = await accounts.ListAsync(request.PageSize, request.PageToken, context.CancellationToken);
        return new ListUsersResponse { Users = { page.Users.Select(u => u.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<UpdateUserResponse> UpdateUser(UpdateUserRequest request, ServerCallContext context)
    {
        var paths = request.UpdateMask.Paths;
        var changes = new UserChanges(
            paths.Contains(UpdateUserRequestValidator.Email) ? request.User.Email : null,
            paths.Contains(UpdateUserRequestValidator.DisplayName) ? request.User.DisplayName : null,
            paths.Contains(UpdateUserRequestValidator.Role) ? request.User.Role.ToDomain() : null);
        var user = await accounts.UpdateAsync(request.User.Id, request.User.Etag, changes, context.GetCaller(), context.CancellationToken);
        return new UpdateUserResponse { User = user.ToProto() };
    }

    public override async Task<DeleteUserResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        await accounts.DeleteAsync(request.UserId, request.Etag, context.GetCaller(), context.CancellationToken);
        return new DeleteUserResponse();
    }
}
