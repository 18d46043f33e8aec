using Backend.Client;
using Grpc.Core;

namespace Backend.Orders.Client;

/// <summary>
/// The reconnecting streams' plumbing (the change feed, and the order watch for its token headers,
/// refusals and backoff): token headers, refusals, transient failures, backoff.
/// </summary>
internal static class FeedCalls
{
    public static Metadata? WithToken(Metadata? headers, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return headers;
        }

        var withToken = new Metadata();
        foreach (var entry in headers ?? [])
        {
            if (!string.Equals(entry.Key, "authorization", StringComparison.OrdinalIgnoreCase))
            {
                withToken.Add(entry);
            }
        }

        withToken.Add("authorization", "Bearer " + token);
        return withToken;
    }

    /// <summary>
    /// The next message, null at the end of the stream, or the failure; a cancelled caller gets
    /// OperationCanceledException. The call must have been made with <paramref name="cancellationToken"/>:
    /// the read relies on the call's own token, since a token given to each read costs a linked
    /// token source per message in Grpc.Net.Client.
    /// </summary>
    public static async Task<(T? Next, RpcException? Failure)> NextAsync<T>(IAsyncStreamReader<T> stream, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await stream.MoveNext(CancellationToken.None) ? (stream.Current, null) : (null, null);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, error);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled)
        {
            throw new OperationCanceledException("The feed was cancelled.", error, cancellationToken);
        }
    }

    /// <summary>
    /// The token to reconnect with at once after the stream was refused UNAUTHENTICATED (the
    /// token ran out or its session was revoked): a fresh one from the provider, if there is
    /// one; else the same, once, when the caller's headers carry no token of their own. With a
    /// fixed token in the headers there is never a fresh one, and the refusal is thrown.
    /// </summary>
    public static async Task<string?> TokenAfterRefusalAsync(
        RpcException refusal, IAccessTokenProvider? provider, string? token, Metadata? headers, bool refusedBefore, CancellationToken cancellationToken)
    {
        if (provider is not null)
        {
            var fresh = await provider.GetAccessTokenAsync(cancellationToken);
            return string.IsNullOrEmpty(fresh) || fresh == token ? throw refusal : fresh;
        }

        return refusedBefore || headers?.Get("authorization") is not null ? throw refusal : token;
    }

    public static bool IsTransient(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        || (error.StatusCode == StatusCode.Internal && error.InnerException is IOException or HttpRequestException);

    public static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 16);
        var delay = TimeSpan.FromTicks(initial.Ticks << doublings);
        return delay < max ? delay : max;
    }
}
