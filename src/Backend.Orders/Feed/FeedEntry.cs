using Backend.Orders.Domain;

namespace Backend.Orders.Feed;

/// <summary>One change as the feed delivers it: the event and the position right after it.</summary>
internal sealed record FeedEntry(FeedCursor Cursor, OrderEvent Event);
