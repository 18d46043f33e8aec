using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// The issuer's public keys, fetched from its JWK Set (<c>/.well-known/jwks.json</c>, over
/// HTTP/2 like every call to the platform) at first use and again when a token names a key not
/// known yet. Fetches are at most one per <see cref="MinimumInterval"/>, so tokens with made-up
/// key ids cannot turn this process into a load on the issuer.
/// </summary>
internal sealed partial class RemoteIssuerKeys(HttpClient http, Uri jwksAddress, TimeProvider timeProvider, ILogger<RemoteIssuerKeys> logger)
    : IssuerKeySource, IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private IReadOnlyList<SecurityKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public override IReadOnlyList<SecurityKey> Keys => _keys;

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var asked = timeProvider.GetUtcNow();
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            // Someone else fetched while this caller waited, or very recently: use theirs.
            if (_fetchedAt >= asked || timeProvider.GetUtcNow() - _fetchedAt < MinimumInterval)
            {
                return;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, jwksAddress)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var set = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken));
            _keys = set.Keys.Cast<SecurityKey>().ToList();
            LogFetched(logger, _keys.Count, jwksAddress);
        }
        catch (Exception error) when (error is HttpRequestException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(logger, jwksAddress, error.Message);
        }
        finally
        {
            _fetchedAt = timeProvider.GetUtcNow();
            _fetching.Release();
        }
    }

    public void Dispose() => _fetching.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} token signing keys from {Address}")]
    private static partial void LogFetched(ILogger logger, int count, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the token signing keys from {Address}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, Uri address, string reason);
}
