using Backend.Orders.Grpc;
using Backend.Orders.V1;
using Google.Protobuf;

namespace Backend.Orders.Streaming;

/// <summary>
/// One event as the watch streams send it: encoded once, as the bytes of a WatchOrderResponse,
/// and those same bytes are written to every stream that receives it (see
/// <see cref="WatchMethods"/>). WatchOrdersResponse has the same one field (1: the OrderEvent),
/// so the same bytes are a WatchOrdersResponse too. <see cref="Recheck"/> carries no event: it
/// tells an order's watcher to read the log, after a note from another instance went missing.
/// </summary>
internal sealed class WatchEvent
{
    public static readonly WatchEvent Recheck = new(0, isTerminal: false, []);

    /// <summary>Carries no event: tells a watcher that its publishers stopped writing to its stream (see <see cref="EventSubscription.TryGoLive"/>).</summary>
    public static readonly WatchEvent Wake = new(0, isTerminal: false, []);

    private WatchEvent(long revision, bool isTerminal, byte[] payload)
    {
        Revision = revision;
        IsTerminal = isTerminal;
        Payload = payload;
    }

    public long Revision { get; }

    public bool IsTerminal { get; }

    /// <summary>The encoded response message, without gRPC's frame header.</summary>
    public byte[] Payload { get; }

    public bool IsRecheck => ReferenceEquals(this, Recheck);

    public bool IsWake => ReferenceEquals(this, Wake);

    public static WatchEvent Of(Domain.OrderEvent orderEvent) =>
        new(orderEvent.Revision, orderEvent.IsTerminal, new WatchOrderResponse { Event = orderEvent.ToProto() }.ToByteArray());
}
