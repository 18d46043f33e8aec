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
internal sealed class UserGrpcService(UserAccounts accounts, UserSessions sessions, ServiceClients clients, RevokedSessions revoked)
    : UserService.UserServiceBase
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
        var (user, session) = await accounts.AuthenticateAsync(request.Email, request.Password, context.CancellationToken);
        return new AuthenticateResponse
        {
            AccessToken = session.AccessToken,
            ExpireTime = Timestamp.FromDateTimeOffset(session.ExpiresAt),
            RefreshToken = session.RefreshToken,
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
        var user = await accounts.UpdateAsync(
            request.User.Id, request.User.Etag, changes, request.CurrentPassword, context.GetCaller(), context.CancellationToken);
        return new UpdateUserResponse { User = user.ToProto() };
    }

    public override async Task<DeleteUserResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        await accounts.DeleteAsync(request.UserId, request.Etag, context.GetCaller(), context.CancellationToken);
        return new DeleteUserResponse();
    }

    [AllowAnonymous]
    public override async Task<RefreshSessionResponse> RefreshSession(RefreshSessionRequest request, ServerCallContext context)
    {
        var session = await sessions.RefreshAsync(request.RefreshToken, context.CancellationToken);
        return new RefreshSessionResponse
        {
            AccessToken = session.AccessToken,
            RefreshToken = session.RefreshToken,
            ExpireTime = Timestamp.FromDateTimeOffset(session.ExpiresAt),
        };
    }

    [Authorize(Roles = PlatformRoles.UserOrAdmin)]
    public override async Task<SignOutResponse> SignOut(SignOutRequest request, ServerCallContext context)
    {
        await sessions.EndAsync(context.GetCaller().SessionId, context.CancellationToken);
        return new SignOutResponse();
    }

    [Authorize(Roles = PlatformRoles.UserOrAdmin)]
    public override async Task<ChangePasswordResponse> ChangePassword(ChangePasswordRequest request, ServerCallContext context)
    {
        await accounts.ChangePasswordAsync(request.UserId, request.CurrentPassword, request.NewPassword, context.GetCaller(), context.CancellationToken);
        return new ChangePasswordResponse();
    }

    [AllowAnonymous]
    public override Task<AuthenticateClientResponse> AuthenticateClient(AuthenticateClientRequest request, ServerCallContext context)
    {
        var (token, expiresAt) = clients.Authenticate(request.ClientId, request.ClientSecret);
        return Task.FromResult(new AuthenticateClientResponse { AccessToken = token, ExpireTime = Timestamp.FromDateTimeOffset(expiresAt) });
    }

    // A follower's stream, too, ends with the service token that opened it (TOKEN_EXPIRED): the
    // follower reconnects with a fresh token and receives every revocation in force again.
    [Authorize(Roles = PlatformRoles.Service)]
    public override Task WatchRevocations(
        WatchRevocationsRequest request, IServerStreamWriter<WatchRevocationsResponse> responseStream, ServerCallContext context) =>
        context.FollowSessionAsync(async cancellationToken =>
        {
            // Subscribed before the snapshot is taken: nothing revoked in between is missed.
            var (live, subscription) = revoked.Subscribe();
            using (subscription)
            {
                foreach (var revocation in revoked.Snapshot())
                {
                    await responseStream.WriteAsync(ToProto(revocation), cancellationToken);
                }

                await foreach (var revocation in live.ReadAllAsync(cancellationToken))
                {
                    await responseStream.WriteAsync(ToProto(revocation), cancellationToken);
                }
            }
        });

    private static WatchRevocationsResponse ToProto(Revocation revocation) =>
        new() { SessionId = revocation.SessionId, ExpireTime = Timestamp.FromDateTimeOffset(revocation.KeepUntil) };
}
