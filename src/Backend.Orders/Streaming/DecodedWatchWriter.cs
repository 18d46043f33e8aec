using Google.Protobuf;
using Grpc.Core;

namespace Backend.Orders.Streaming;

/// <summary>
/// Writes watch events to a stream of generated response messages, decoding the bytes each event
/// was encoded to once. JSON transcoding (REST) serves the watch methods through their generated
/// signatures and formats every message as JSON for each caller anyway, so nothing is lost there.
/// </summary>
internal sealed class DecodedWatchWriter<TResponse>(IServerStreamWriter<TResponse> inner, MessageParser<TResponse> parser)
    : IServerStreamWriter<WatchEvent>
    where TResponse : IMessage<TResponse>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(WatchEvent message) => inner.WriteAsync(parser.ParseFrom(message.Payload));

    public Task WriteAsync(WatchEvent message, CancellationToken cancellationToken) =>
        inner.WriteAsync(parser.ParseFrom(message.Payload), cancellationToken);
}
