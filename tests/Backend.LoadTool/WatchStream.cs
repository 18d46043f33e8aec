using Backend.LoadTool.Wire;

namespace Backend.LoadTool;

/// <summary>
/// One WatchOrder stream of <see cref="WatchStreams"/>: reports each event's revision as it arrives,
/// on the loop's thread. A stream that ends with an error (or the connection's loss) before the
/// scenario closes it counts as failed: a watcher that lost its stream misses the changes after
/// it, and those show as MISSED.
/// </summary>
internal sealed class WatchStream
{
    private readonly WatchStreams _owner;
    private readonly string _orderId;
    private readonly WatchArrivals _arrivals;
    private bool _served;

    public WatchStream(WatchStreams owner, string orderId, WatchArrivals arrivals, WireTarget target, byte[] request)
    {
        _owner = owner;
        _orderId = orderId;
        _arrivals = arrivals;
        Call = new WireCall(target, Ended) { Request = request, Messages = new WireMessages(Received) };
    }

    public WireCall Call { get; }

    private void Received(ReadOnlySpan<byte> message)
    {
        _arrivals.Arrived(_orderId, WatchRevision.Read(message));
        Serve();
    }

    private void Ended(WireCall call)
    {
        Serve();

        // OK is how the server ends a watch after the order's terminal status (DELIVERED): not a failure.
        if (!_owner.Closing && call.Outcome != nameof(Grpc.Core.StatusCode.OK))
        {
            _owner.Ended();
        }
    }

    // The first event, or the end without one, frees a place for the next stream to open.
    private void Serve()
    {
        if (!_served)
        {
            _served = true;
            _owner.Served();
        }
    }
}
