using Backend.Client;

namespace Backend.Orders.Client;

/// <summary>How <see cref="OrderWatchExtensions.WatchOrderEventsAsync"/> reconnects.</summary>
public sealed class OrderWatchOptions
{
    /// <summary>How many reconnects in a row may fail before the watch gives up and throws.</summary>
    public int MaxConsecutiveReconnects { get; set; } = 20;

    /// <summary>The wait before the first reconnect; it doubles with each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reconnects.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where each (re)connection gets its bearer token from, when the client was not registered
    /// with one (see <see cref="BackendClientServiceCollectionExtensions.AddBackendAccessToken"/>).
    /// The server ends a watch when its token expires or its session is revoked; the watch then
    /// asks this provider for a fresh token and resumes from the last revision it delivered.
    /// </summary>
    public IAccessTokenProvider? AccessTokenProvider { get; set; }
}
