using System.Diagnostics;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Backend.EndToEndTests.Identity;

/// <summary>
/// Ends sessions through UserService on one process and waits until another process refuses
/// their access tokens, the way a caller would notice: UNAUTHENTICATED, reason SESSION_REVOKED.
/// How long each took is written to the test output; the wait itself is generous.
/// </summary>
internal sealed class RevocationScenarios(GrpcChannel issuer, GrpcChannel elsewhere, string adminEmail, string adminPassword, ITestOutputHelper output)
{
    private const string Password = "a password for the drill";
    private static readonly TimeSpan Patience = TestTime.Scaled(TimeSpan.FromSeconds(30));

    private readonly UserService.UserServiceClient _users = new(issuer);
    private readonly OrderService.OrderServiceClient _orders = new(elsewhere);

    public async Task RunAllAsync()
    {
        var admin = await AdminAsync();
        await SignOutAsync(admin);

        var reused = await SignUpAsync(Role.User, admin);
        var next = await _users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = reused.Session.RefreshToken });
        await RefusedElsewhereAsync("refresh-token reuse", next.AccessToken, reused.User.Id, async () =>
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                _users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = reused.Session.RefreshToken }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        });

        var demoted = await SignUpAsync(Role.Admin, admin);
        await RefusedElsewhereAsync("demotion", demoted.Session.AccessToken, demoted.User.Id, () => _users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = demoted.User.Id, Role = Role.User },
            UpdateMask = new FieldMask { Paths = { "role" } },
        }, admin).ResponseAsync);

        var deleted = await SignUpAsync(Role.User, admin);
        await RefusedElsewhereAsync("deletion", deleted.Session.AccessToken, deleted.User.Id,
            () => _users.DeleteUserAsync(new DeleteUserRequest { UserId = deleted.User.Id }, admin).ResponseAsync);
    }

    /// <summary>A user signs out on the issuer; the other process refuses the session's token.</summary>
    public async Task SignOutAsync(Metadata? admin = null)
    {
        var signedOut = await SignUpAsync(Role.User, admin ?? await AdminAsync());
        await RefusedElsewhereAsync("sign-out", signedOut.Session.AccessToken, signedOut.User.Id,
            () => _users.SignOutAsync(new SignOutRequest(), Bearer.Headers(signedOut.Session.AccessToken)).ResponseAsync);
    }

    private async Task<Metadata> AdminAsync() =>
        Bearer.Headers((await _users.AuthenticateAsync(new AuthenticateRequest { Email = adminEmail, Password = adminPassword })).AccessToken);

    private async Task<(User User, AuthenticateResponse Session)> SignUpAsync(Role role, Metadata admin)
    {
        var email = $"drill-{Guid.NewGuid():N}@example.com";
        var user = (await _users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Drill", Password = Password, Role = role }, admin)).User;
        return (user, await _users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = Password }));
    }

    private async Task RefusedElsewhereAsync(string scenario, string token, string userId, Func<Task> end)
    {
        var list = () => _orders.ListOrdersAsync(new ListOrdersRequest { UserId = userId }, Bearer.Headers(token)).ResponseAsync;
        await list();

        var clock = Stopwatch.StartNew();
        await end();
        while (true)
        {
            try
            {
                await list();
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unauthenticated)
            {
                Assert.Equal("SESSION_REVOKED", error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
                output.WriteLine($"{scenario}: refused on the other process after {clock.ElapsedMilliseconds} ms");
                return;
            }

            Assert.True(clock.Elapsed < Patience, $"{scenario}: the token was still accepted after {Patience}.");
            await Task.Delay(20);
        }
    }
}
