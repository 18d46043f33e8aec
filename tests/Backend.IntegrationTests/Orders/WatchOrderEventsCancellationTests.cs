using Backend.Orders.Client;
using Backend.Testing;

namespace Backend.IntegrationTests.Orders;

/// <summary>A caller that cancels the watch helper's sequence sees what any cancelled IAsyncEnumerable throws.</summary>
public sealed class WatchOrderEventsCancellationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchOrderEvents_CancelledWhileWaiting_ThrowsOperationCanceled()
    {
        var (user, token) = await _factory.SignUpAsync();
        var order = await _factory.PlaceAsync(token, user.Id);
        using var stop = new CancellationTokenSource();
        await using var events = _factory.Orders
            .WatchOrderEventsAsync(order.Id, headers: Bearer.Headers(token), cancellationToken: stop.Token)
            .GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Patience));
        var next = events.MoveNextAsync().AsTask();

        await stop.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
        Assert.Equal(stop.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task WatchOrderEvents_CancelledBeforeStart_ThrowsOperationCanceled()
    {
        var (user, token) = await _factory.SignUpAsync();
        var order = await _factory.PlaceAsync(token, user.Id);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _factory.Orders.WatchOrderEventsAsync(order.Id, headers: Bearer.Headers(token)).WithCancellation(stop.Token))
            {
                Assert.Fail("No event is delivered to a caller that cancelled before the watch started.");
            }
        });

        Assert.Equal(stop.Token, cancelled.CancellationToken);
    }
}
