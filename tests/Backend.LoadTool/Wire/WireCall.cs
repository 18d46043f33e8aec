using Grpc.Core;

namespace Backend.LoadTool.Wire;

/// <summary>What a unary call is sent to: a method and the metadata every call to it carries.</summary>
/// <param name="Path">The HTTP/2 path, <c>/package.Service/Method</c>.</param>
/// <param name="Authorization">The <c>authorization</c> header's value, or null to send none.</param>
internal sealed record WireTarget(string Path, string? Authorization);

/// <summary>
/// One call on a <see cref="WireConnection"/>: the request as framed for gRPC, and what came
/// back. A unary caller that makes one call after another may reuse the object once it completed;
/// a server-streaming call gives <see cref="Messages"/>, which receives each response message.
/// </summary>
internal sealed class WireCall(WireTarget target, Action<WireCall> completed)
{
    public WireTarget Target { get; } = target;

    /// <summary>The request message with its five-byte gRPC prefix.</summary>
    public ReadOnlyMemory<byte> Request { get; set; }

    /// <summary>When the call was started or due, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long Started { get; set; }

    /// <summary>The gRPC status code's name (<c>OK</c>, <c>NotFound</c>...), or what went wrong below gRPC.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>Bytes of response messages received, prefixes included.</summary>
    public int ResponseBytes { get; set; }

    /// <summary>Where the response messages go as they arrive, or null to count their bytes only.</summary>
    public WireMessages? Messages { get; init; }

    /// <summary>Bytes received on the stream since its receive window was last given back.</summary>
    internal long Unacknowledged { get; set; }

    internal int HttpStatus { get; set; }

    internal int? GrpcStatus { get; set; }

    internal void Reset()
    {
        HttpStatus = 0;
        GrpcStatus = null;
        ResponseBytes = 0;
        Unacknowledged = 0;
        Outcome = "";
    }

    internal void Complete(string? failure = null)
    {
        Outcome = failure ?? (GrpcStatus, HttpStatus) switch
        {
            ({ } code, _) => ((StatusCode)code).ToString(),
            (null, 200) => nameof(StatusCode.Internal) + " (no grpc-status)",
            (null, var http) => $"HTTP {http}",
        };
        completed(this);
    }

    /// <summary>Frames a serialized message as a gRPC length-prefixed message, uncompressed.</summary>
    public static byte[] Frame(Google.Protobuf.IMessage message)
    {
        var size = message.CalculateSize();
        var framed = new byte[5 + size];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)size);
        Google.Protobuf.MessageExtensions.WriteTo(message, framed.AsSpan(5));
        return framed;
    }
}
