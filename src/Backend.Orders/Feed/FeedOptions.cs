namespace Backend.Orders.Feed;

/// <summary>The change feed's settings, in configuration section <c>Orders</c>.</summary>
public sealed class FeedOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// How long changes are kept for the feed (<c>Orders:FeedRetention</c>): a cursor whose next
    /// change is older and removed is answered CURSOR_EXPIRED.
    /// </summary>
    public TimeSpan FeedRetention { get; set; } = TimeSpan.FromDays(7);
}
