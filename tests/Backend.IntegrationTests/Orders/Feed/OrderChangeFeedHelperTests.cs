using Backend.Orders.Client;
using Backend.Orders.V1;
using Backend.Testing;

namespace Backend.IntegrationTests.Orders.Feed;

public sealed class OrderChangeFeedHelperTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchOrderChangesAsync_FromStoredCursor_DeliversTheRestThenCancelsAsOperationCanceled()
    {
        var headers = Bearer.Headers(_factory.AdminToken());
        var first = await _factory.OrderInAsync(OrderStatus.Paid);
        var second = await _factory.OrderInAsync(OrderStatus.Paid);
        var options = new OrderChangeFeedOptions { Statuses = { OrderStatus.Paid } };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        WatchOrderChangesResponse handled;
        await using (var feed = _factory.Orders.WatchOrderChangesAsync(headers: headers, options: options, cancellationToken: stop.Token).GetAsyncEnumerator())
        {
            Assert.True(await feed.MoveNextAsync());
            handled = feed.Current;
        }

        var received = new List<string>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var change in _factory.Orders.WatchOrderChangesAsync(handled.Cursor, headers, options, cancel.Token))
            {
                received.Add(change.Event.OrderId);
                await cancel.CancelAsync();
            }
        });

        Assert.Equal((first.Order.Id, OrderStatus.Paid), (handled.Event.OrderId, handled.Event.Status));
        Assert.Equal([second.Order.Id], received);
    }
}
