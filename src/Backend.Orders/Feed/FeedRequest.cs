using Backend.Orders.Domain;

namespace Backend.Orders.Feed;

/// <summary>What a feed stream follows: after which position, which statuses (empty: all), whose orders (null: everyone's).</summary>
internal sealed record FeedRequest(FeedCursor? After, IReadOnlySet<OrderStatus> Statuses, string? UserId);
