using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Backend.Platform.Identity;

/// <summary>
/// The bearer scheme: reads <c>authorization: Bearer &lt;token&gt;</c> and hands the token to
/// <see cref="ValidatedTokenCache"/>. Made for every request, so it holds nothing but the request;
/// a request with no bearer token is anonymous, and the authorization policy decides the rest.
/// </summary>
internal sealed partial class BearerAuthenticationHandler(ValidatedTokenCache tokens, ILogger<BearerAuthenticationHandler> logger) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    private static readonly Task<AuthenticateResult> Anonymous = Task.FromResult(AuthenticateResult.NoResult());

    private HttpContext? _context;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        var header = Context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Anonymous;
        }

        var token = value.AsSpan(Prefix.Length).Trim();
        if (token.IsEmpty)
        {
            return Anonymous;
        }

        var result = tokens.AuthenticateAsync(token);
        return result.IsCompletedSuccessfully && result.Result.Succeeded ? result : LoggedAsync(result);
    }

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        Context.Response.Headers[HeaderNames.WWWAuthenticate] = SchemeName;
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized for a request.");

    private async Task<AuthenticateResult> LoggedAsync(Task<AuthenticateResult> pending)
    {
        var result = await pending;
        if (result.Failure is { } failure)
        {
            LogRefused(logger, failure.Message);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bearer token refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
