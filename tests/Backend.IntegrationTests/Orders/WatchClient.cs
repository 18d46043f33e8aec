using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;

namespace Backend.IntegrationTests.Orders;

/// <summary>Reads a watch stream to its end, as a caller would, keeping what arrived and how it ended.</summary>
internal sealed class WatchClient
{
    private readonly List<OrderEvent> _events = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WatchClient(Task<StatusCode> ended) => Ended = ended;

    public IReadOnlyList<OrderEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>How the stream ended: OK when the server completed it.</summary>
    public Task<StatusCode> Ended { get; private set; }

    public RpcException? Error { get; private set; }

    /// <summary>Completes when the first event has arrived.</summary>
    public Task FirstEvent => _first.Task;

    public static WatchClient Start(OrderService.OrderServiceClient client, string token, string orderId, long afterRevision = 0, CancellationToken cancellationToken = default)
    {
        var watcher = new WatchClient(Task.FromResult(StatusCode.OK));
        watcher.Ended = watcher.ReadAsync(client.WatchOrder(
            new WatchOrderRequest { OrderId = orderId, AfterRevision = afterRevision }, Bearer.Headers(token), cancellationToken: cancellationToken));
        return watcher;
    }

    public async Task<IReadOnlyList<OrderEvent>> UntilEndAsync(TimeSpan? timeout = null)
    {
        var finished = await Task.WhenAny(Ended, Task.Delay(timeout ?? TimeSpan.FromSeconds(30)));
        Assert.True(finished == Ended, $"the stream did not end; received revisions {string.Join(",", Events.Select(e => e.Revision))}");
        return Events;
    }

    private async Task<StatusCode> ReadAsync(AsyncServerStreamingCall<WatchOrderResponse> call)
    {
        using (call)
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    lock (_events)
                    {
                        _events.Add(response.Event);
                    }

                    _first.TrySetResult();
                }

                return StatusCode.OK;
            }
            catch (RpcException error)
            {
                Error = error;
                _first.TrySetException(error);
                return error.StatusCode;
            }
        }
    }
}
