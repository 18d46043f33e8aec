using Backend.Orders.V1;
using Backend.Testing;

namespace Backend.IntegrationTests.Orders.Feed;

/// <summary>Reading the change feed as a caller does: a number of changes, then hanging up.</summary>
internal static class FeedReads
{
    public static async Task<List<WatchOrderChangesResponse>> TakeAsync(
        this OrderService.OrderServiceClient orders, string token, int count, string afterCursor = "", string userId = "", IReadOnlyList<OrderStatus>? statuses = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var request = new WatchOrderChangesRequest { AfterCursor = afterCursor, UserId = userId, Statuses = { statuses ?? Array.Empty<OrderStatus>() } };
        using var call = orders.WatchOrderChanges(request, Bearer.Headers(token), cancellationToken: timeout.Token);
        var changes = new List<WatchOrderChangesResponse>();
        while (changes.Count < count && await call.ResponseStream.MoveNext(timeout.Token))
        {
            changes.Add(call.ResponseStream.Current);
        }

        return changes;
    }

    /// <summary>The first response of a stream, or its failure.</summary>
    public static Task FirstAsync(this OrderService.OrderServiceClient orders, string token, string afterCursor = "", string userId = "") =>
        orders.TakeAsync(token, 1, afterCursor, userId);

    public static (string OrderId, long Revision) Key(this WatchOrderChangesResponse change) => (change.Event.OrderId, change.Event.Revision);
}
