using Backend.Platform.Identity;
using Backend.Users.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backend.Users.Remote;

/// <summary>
/// In a process that does not host UserService: follows UserService.WatchRevocations with this
/// process's service identity and adds every revoked session to the local denylist, so that
/// revocations take effect here within moments without reading the users' tables. After a
/// broken stream it reconnects and receives every revocation in force again; the stream ends with
/// its service token, and is then reopened at once with the next.
/// </summary>
internal sealed partial class RevocationFollower(
    UserService.UserServiceClient users,
    ServiceTokenProvider tokens,
    RevokedSessions revoked,
    TimeProvider timeProvider,
    ILogger<RevocationFollower> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var token = await tokens.GetAccessTokenAsync(stoppingToken);
                using var call = users.WatchRevocations(
                    new WatchRevocationsRequest(), new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: stoppingToken);
                await foreach (var revocation in call.ResponseStream.ReadAllAsync(stoppingToken))
                {
                    revoked.Revoke(new Revocation(revocation.SessionId, revocation.ExpireTime.ToDateTimeOffset()));
                    retry = FirstRetry;
                }
            }
            catch (Exception error) when (error is OperationCanceledException or RpcException && stoppingToken.IsCancellationRequested)
            {
                // The process is stopping: the client cancelled its own call, nothing broke.
                return;
            }
            catch (RpcException error) when (IsTokenExpiry(error))
            {
                // The stream lasts as long as the token that opened it; the provider renews a
                // token before it runs out, so the next stream opens at once with a fresh one.
                LogTokenExpired(logger);
                retry = FirstRetry;
                continue;
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or IOException)
            {
                LogBroken(logger, error.Message, retry);
            }

            await Task.Delay(retry, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            retry = retry * 2 < LongestRetry ? retry * 2 : LongestRetry;
        }
    }

    private static bool IsTokenExpiry(RpcException error) =>
        error.StatusCode == StatusCode.Unauthenticated
        && error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason == TokenRefusals.TokenExpired;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Following revocations: the stream ended with its service token; reopening it with a fresh one")]
    private static partial void LogTokenExpired(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following revocations from UserService broke off ({Reason}); retrying in {Retry}")]
    private static partial void LogBroken(ILogger logger, string reason, TimeSpan retry);
}
