using System.Runtime.CompilerServices;
using Backend.Orders.V1;
using Grpc.Core;

namespace Backend.Orders.Client;

/// <summary>
/// Following the change feed of all orders (WatchOrderChanges) as one uninterrupted sequence,
/// across reconnects, from a cursor the caller keeps.
/// </summary>
public static class OrderChangeFeedExtensions
{
    /// <summary>
    /// Streams every order change committed after <paramref name="afterCursor"/>, each once,
    /// changes of one order in revision order. When the stream breaks for a transient reason (the
    /// server restarts or stops, the connection drops), it reconnects from the cursor of the last
    /// change it delivered; when the token expired, it reconnects at once with a fresh one from
    /// the token provider. It never ends by itself.
    /// <para>
    /// Store <see cref="WatchOrderChangesResponse.Cursor"/> once a change is handled, and pass the
    /// stored cursor here after a restart: each change is then handled at least once, and exactly
    /// once when handling is idempotent (compare the order's revision).
    /// </para>
    /// </summary>
    /// <param name="client">The order service client.</param>
    /// <param name="afterCursor">The stored cursor; null or empty to start with the oldest change kept.</param>
    /// <param name="headers">Metadata for every (re)connection, e.g. a bearer token when no token provider is registered.</param>
    /// <param name="options">Filters and reconnection settings; the defaults when null.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <returns>The changes, each with the cursor that resumes right after it.</returns>
    /// <exception cref="RpcException">
    /// A non-transient failure: OUT_OF_RANGE with reason CURSOR_EXPIRED when the changes after the
    /// cursor are no longer kept (resync: ListOrders, then follow from an empty cursor);
    /// PERMISSION_DENIED; or too many failed reconnects in a row.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<WatchOrderChangesResponse> WatchOrderChangesAsync(
        this OrderService.OrderServiceClient client,
        string? afterCursor = null,
        Metadata? headers = null,
        OrderChangeFeedOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new OrderChangeFeedOptions();
        var cursor = afterCursor ?? "";
        var failures = 0;
        var refusedBefore = false;
        var token = options.AccessTokenProvider is { } tokens ? await tokens.GetAccessTokenAsync(cancellationToken) : null;
        while (true)
        {
            var request = new WatchOrderChangesRequest { AfterCursor = cursor, UserId = options.UserId ?? "", Statuses = { options.Statuses } };
            using var call = client.WatchOrderChanges(request, FeedCalls.WithToken(headers, token), cancellationToken: cancellationToken);
            RpcException? refusal = null;
            while (true)
            {
                var (next, failure) = await FeedCalls.NextAsync(call.ResponseStream, cancellationToken);
                if (failure is not null)
                {
                    if (failure.StatusCode == StatusCode.Unauthenticated)
                    {
                        refusal = failure;
                    }
                    else if (!FeedCalls.IsTransient(failure) || ++failures > options.MaxConsecutiveReconnects)
                    {
                        throw failure;
                    }

                    break;
                }

                if (next is null)
                {
                    // The server never ends the feed by itself; an ended stream is resumed.
                    failures++;
                    break;
                }

                failures = 0;
                refusedBefore = false;
                cursor = next.Cursor;
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
}
