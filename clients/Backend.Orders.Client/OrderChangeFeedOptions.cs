using Backend.Client;

namespace Backend.Orders.Client;

/// <summary>What <see cref="OrderChangeFeedExtensions.WatchOrderChangesAsync"/> follows and how it reconnects.</summary>
public sealed class OrderChangeFeedOptions
{
    /// <summary>Deliver only changes that left an order in one of these statuses; empty for all.</summary>
    public IList<V1.OrderStatus> Statuses { get; } = [];

    /// <summary>Follow one user's orders only; null or empty for every user's (an admin or a service).</summary>
    public string? UserId { get; set; }

    /// <summary>How many reconnects in a row may fail before the feed gives up and throws.</summary>
    public int MaxConsecutiveReconnects { get; set; } = 20;

    /// <summary>The wait before the first reconnect; it doubles with each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reconnects.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where each (re)connection gets its bearer token from, when the client was not registered
    /// with one (see <c>AddBackendAccessToken</c>).
    /// The server ends a stream when its token expires; the feed then asks for a fresh token and
    /// resumes from the last cursor it delivered.
    /// </summary>
    public IAccessTokenProvider? AccessTokenProvider { get; set; }
}
