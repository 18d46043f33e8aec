using System.Net;
using System.Net.Http.Headers;

namespace Backend.Client.Tests;

/// <summary>
/// Stands in for the service a Backend client calls: records the deadline each call carries
/// (its <c>grpc-timeout</c>) and either answers NOT_FOUND at once or holds the call until the
/// caller cancels it.
/// </summary>
internal sealed class Downstream(bool hold)
{
    private readonly bool _hold = hold;
    private readonly TaskCompletionSource<string?> _timeout = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long the first call had left when it arrived, null if it had no deadline.</summary>
    public async Task<TimeSpan?> TimeLeftAsync() => await _timeout.Task is { } timeout ? GrpcTimeout(timeout) : null;

    /// <summary>Completes when a held call is cancelled by its caller.</summary>
    public Task Cancelled => _cancelled.Task;

    public HttpMessageHandler Handler() => new Recorder(this);

    // The gRPC wire format of a timeout: an integer and a unit (hours to nanoseconds).
    private static TimeSpan GrpcTimeout(string value)
    {
        var amount = long.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => throw new FormatException($"Not a gRPC timeout: {value}"),
        };
    }

    private sealed class Recorder(Downstream downstream) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            downstream._timeout.TrySetResult(request.Headers.TryGetValues("grpc-timeout", out var values) ? values.Single() : null);
            if (downstream._hold)
            {
                try
                {
                    await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    downstream._cancelled.TrySetResult();
                    throw;
                }
            }

            // A trailers-only gRPC answer: the status in the headers, no message.
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            response.Headers.Add("grpc-status", "5");
            return response;
        }
    }
}
