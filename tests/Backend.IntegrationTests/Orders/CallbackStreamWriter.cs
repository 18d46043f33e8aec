using Backend.Orders.Streaming;
using Grpc.Core;

namespace Backend.IntegrationTests.Orders;

/// <summary>A watch stream whose writes go to a callback, for watchers driven without a call.</summary>
internal sealed class CallbackStreamWriter(Func<WatchEvent, Task> write) : IServerStreamWriter<WatchEvent>
{
    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(WatchEvent message) => write(message);

    public Task WriteAsync(WatchEvent message, CancellationToken cancellationToken) => write(message);
}
