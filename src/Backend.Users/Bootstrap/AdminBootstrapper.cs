using Backend.Users.Application;
using Backend.Users.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backend.Users.Bootstrap;

/// <summary>
/// Creates the first admin from <c>Bootstrap:AdminEmail</c> and <c>Bootstrap:AdminPassword</c>
/// at start-up, once: an existing user with that email is left as it is.
/// </summary>
internal sealed partial class AdminBootstrapper(IServiceProvider services, IConfiguration configuration, ILogger<AdminBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var problem = EmailAddress.Problem(EmailAddress.Normalize(email)) is { } emailProblem
            ? "Bootstrap:AdminEmail " + emailProblem
            : UserRules.PasswordProblem(password) is { } passwordProblem ? "Bootstrap:AdminPassword " + passwordProblem : null;
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }

        var accounts = services.GetRequiredService<UserAccounts>();
        var displayName = configuration["Bootstrap:AdminDisplayName"] ?? "Administrator";
        var normalized = EmailAddress.Normalize(email);
        if (await accounts.EnsureAdminAsync(normalized, displayName, password, cancellationToken))
        {
            LogCreated(logger, normalized);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin {Email}")]
    private static partial void LogCreated(ILogger logger, string email);
}
