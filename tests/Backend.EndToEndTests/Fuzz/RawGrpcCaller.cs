using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Backend.EndToEndTests.Fuzz;

/// <summary>
/// Sends gRPC requests byte by byte over HTTP/2, so that a request can be anything: a corrupt
/// message, a frame cut short, a flag the server does not expect.
/// </summary>
internal sealed class RawGrpcCaller(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>One length-prefixed gRPC message frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool compressedFlag = false, int? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? message.Length));
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public async Task<RawAnswer> CallAsync(
        string path, byte[] body, string? bearerToken, string? encoding = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("grpc-timeout", $"{(int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds}m");
        if (bearerToken is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + bearerToken);
        }

        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var payload = await response.Content.ReadAsByteArrayAsync();
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
            : response.Headers.TryGetValues(name, out var header) ? header.First()
            : null;

        var statusText = Header("grpc-status");
        var details = Header("grpc-status-details-bin");
        return new RawAnswer(
            (int)response.StatusCode,
            statusText is null ? null : (Grpc.Core.StatusCode)int.Parse(statusText, System.Globalization.CultureInfo.InvariantCulture),
            Header("grpc-message"),
            details is null ? null : Google.Rpc.Status.Parser.ParseFrom(Base64Unpadded(details)),
            payload.Length);
    }

    public void Dispose() => _http.Dispose();

    private static byte[] Base64Unpadded(string text) =>
        Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}

/// <summary>What came back: HTTP status, gRPC status and message, rich details, body length.</summary>
internal sealed record RawAnswer(int HttpStatus, Grpc.Core.StatusCode? Status, string? Message, Google.Rpc.Status? Details, int BodyLength)
{
    public Google.Rpc.ErrorInfo? Info => Details?.Details.FirstOrDefault(d => d.Is(Google.Rpc.ErrorInfo.Descriptor))?.Unpack<Google.Rpc.ErrorInfo>();

    public override string ToString() => $"HTTP {HttpStatus}, {Status?.ToString() ?? "no grpc-status"} ({Info?.Reason}): {Message}";
}
