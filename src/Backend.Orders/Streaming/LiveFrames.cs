using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Backend.Orders.Streaming;

/// <summary>
/// Writes watch events, framed as gRPC messages, straight into one stream's response body, on
/// the thread that publishes them: a caught-up watcher costs its publisher a copy and a flush,
/// and no task is woken per watcher and change (docs/decisions/0018-live-frames.md). Only for
/// plain gRPC over HTTP/2, where the frame is the 5-byte gRPC prefix and the bytes the event was
/// encoded to (the host compresses no responses); gRPC-Web and REST keep grpc-dotnet's writer.
/// </summary>
internal sealed class LiveFrames(PipeWriter body, Counter<long> delivered, ServerCallContext? call = null)
{
    // gRPC's message prefix: a compressed flag (0) and the length, big-endian.
    private const int PrefixSize = 5;

    /// <summary>The stream's live frames, or null when the call is not plain gRPC over HTTP/2.</summary>
    public static LiveFrames? For(ServerCallContext call, Counter<long> delivered)
    {
        var request = call.GetHttpContext().Request;
        var plainGrpc = HttpMethods.IsPost(request.Method)
            && HttpProtocol.IsHttp2(request.Protocol)
            && request.ContentType is "application/grpc" or "application/grpc+proto";
        return plainGrpc ? new LiveFrames(request.HttpContext.Response.BodyWriter, delivered, call) : null;
    }

    /// <summary>Sends the response headers when nothing was sent yet, so that frames may follow them.</summary>
    public Task StartAsync() =>
        call is null || call.GetHttpContext().Response.HasStarted ? Task.CompletedTask : call.WriteResponseHeadersAsync([]);

    /// <summary>Puts the event's frame in the body; the caller flushes it (see <see cref="FlushAsync"/>).</summary>
    public void Write(WatchEvent watchEvent)
    {
        var payload = watchEvent.Payload;
        var frame = body.GetSpan(PrefixSize + payload.Length);
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame[1..], (uint)payload.Length);
        payload.CopyTo(frame[PrefixSize..]);
        body.Advance(PrefixSize + payload.Length);
        delivered.Add(1);
    }

    public ValueTask<FlushResult> FlushAsync() => body.FlushAsync();
}
