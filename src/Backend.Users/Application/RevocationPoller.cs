using Backend.Platform.Data;
using Backend.Platform.Identity;
using Backend.Users.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Users.Application;

/// <summary>
/// Reads the revocations in force from the users database every
/// <see cref="AuthOptions.RevocationPollInterval"/>, so that a session ended on another
/// instance (or another process on the same SQLite files) is refused here too, and streamed on
/// to the services that follow this instance. Revocations past their keep-until time are
/// deleted now and then.
/// </summary>
internal sealed partial class RevocationPoller(
    ServiceDatabase<UsersDbContext> database, RevokedSessions revoked, IOptions<AuthOptions> options, TimeProvider timeProvider, ILogger<RevocationPoller> logger)
    : BackgroundService
{
    private static readonly TimeSpan CleanEvery = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cleanedAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.Value.RevocationPollInterval, timeProvider);
        do
        {
            try
            {
                var now = timeProvider.Now();
                await using var lease = database.Open();
                var inForce = await lease.Db.SessionRevocations.AsNoTracking()
                    .Where(r => r.KeepUntil > now)
                    .Select(r => new { r.SessionId, r.KeepUntil })
                    .ToListAsync(stoppingToken);
                foreach (var revocation in inForce)
                {
                    revoked.Revoke(new Revocation(revocation.SessionId, revocation.KeepUntil));
                }

                if (now - cleanedAt > CleanEvery)
                {
                    cleanedAt = now;
                    await lease.Db.SessionRevocations.Where(r => r.KeepUntil <= now).ExecuteDeleteAsync(stoppingToken);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogFailed(logger, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading revocations failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
