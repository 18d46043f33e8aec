using System.Runtime.CompilerServices;
using Backend.Orders.V1;
using Grpc.Core;

namespace Backend.Orders.Client;

/// <summary>
/// Watching an order as one uninterrupted sequence of events, across reconnects.
/// </summary>
public static class OrderWatchExtensions
{
    /// <summary>
    /// Streams the events of one order: those recorded after <paramref name="afterRevision"/>,
    /// then each new one, in revision order, each exactly once. When the stream breaks for a
    /// transient reason (the server restarts, the connection drops, the server cuts off a watcher
    /// that fell behind), it reconnects from the last revision it delivered. When the server ends
    /// it because the token expired or its session was revoked, it reconnects at once with a fresh
    /// token from the token provider; a second refusal in a row is thrown. The sequence ends
    /// after the order's terminal event.
    /// </summary>
    /// <param name="client">The order service client.</param>
    /// <param name="orderId">The order to watch.</param>
    /// <param name="afterRevision">Deliver only events after this revision; 0 for all.</param>
    /// <param name="headers">Metadata for every (re)connection, e.g. a bearer token when no token provider is registered.</param>
    /// <param name="options">Reconnection settings; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the watch: the sequence then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The order's events.</returns>
    /// <exception cref="RpcException">A non-transient failure (e.g. NOT_FOUND), or too many failed reconnects in a row.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<OrderEvent> WatchOrderEventsAsync(
        this OrderService.OrderServiceClient client,
        string orderId,
        long afterRevision = 0,
        Metadata? headers = null,
        OrderWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new OrderWatchOptions();
        var last = afterRevision;
        var failures = 0;
        var refusedBefore = false;
        var token = options.AccessTokenProvider is { } tokens ? await tokens.GetAccessTokenAsync(cancellationToken) : null;
        while (true)
        {
            using var call = client.WatchOrder(
                new WatchOrderRequest { OrderId = orderId, AfterRevision = last }, FeedCalls.WithToken(headers, token), cancellationToken: cancellationToken);
            RpcException? refusal = null;
            while (true)
            {
                var (next, failure) = await NextAsync(call.ResponseStream, cancellationToken);
                if (failure is not null)
                {
                    if (failure.StatusCode == StatusCode.Unauthenticated)
                    {
                        refusal = failure;
                        break;
                    }

                    if (!IsTransient(failure) || ++failures > options.MaxConsecutiveReconnects)
                    {
                        throw failure;
                    }

                    break;
                }

                if (next is null)
                {
                    yield break;
                }

                if (next.Revision <= last)
                {
                    continue;
                }

                failures = 0;
                refusedBefore = false;
                last = next.Revision;
                yield return next;
            }

            if (refusal is null)
            {
                await Task.Delay(FeedCalls.Backoff(options.InitialBackoff, options.MaxBackoff, failures), cancellationToken);
                continue;
            }

            token = await FeedCalls.TokenAfterRefusalAsync(refusal, options.AccessTokenProvider, token, headers, refusedBefore, cancellationToken);
            refusedBefore = true;
        }
    }

    private static async Task<(OrderEvent? Next, RpcException? Failure)> NextAsync(
        IAsyncStreamReader<WatchOrderResponse> stream, CancellationToken cancellationToken)
    {
        try
        {
            // The call carries the caller's token (see FeedCalls.NextAsync).
            return await stream.MoveNext(CancellationToken.None) ? (stream.Current.Event, null) : (null, null);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, error);
        }
        catch (RpcException error)
        {
            // The caller cancelled the sequence: that ends an IAsyncEnumerable with
            // OperationCanceledException, as anywhere else in .NET, not with a gRPC status.
            throw new OperationCanceledException(error.Status.Detail, error, cancellationToken);
        }
    }

    private static bool IsTransient(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable
        || (error.StatusCode == StatusCode.Internal && error.InnerException is IOException or HttpRequestException);
}
