using System.Collections.Concurrent;

namespace Backend.Platform.Identity;

/// <summary>
/// One cancellation per second at which open streams' tokens expire, shared by every stream
/// whose token expires then: the streams a token opens (often thousands) hold one timer between
/// them instead of one each, which is memory and timer work per idle stream
/// (docs/decisions/0018-live-frames.md). An expiry is dropped once it has fired.
/// </summary>
public sealed class StreamExpiries(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _at = new();

    /// <summary>A token cancelled at <paramref name="expires"/> (at once when it has passed).</summary>
    public CancellationToken At(DateTimeOffset expires)
    {
        var second = expires.ToUnixTimeSeconds();
        while (true)
        {
            if (_at.TryGetValue(second, out var shared))
            {
                return shared.Token;
            }

            var left = DateTimeOffset.FromUnixTimeSeconds(second) - timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return new CancellationToken(canceled: true);
            }

            var created = new CancellationTokenSource(left, timeProvider);
            if (_at.TryAdd(second, created))
            {
                // Streams still linked to it are cancelled by it; later ones get an already cancelled token.
                created.Token.UnsafeRegister(_ => _at.TryRemove(KeyValuePair.Create(second, created)), null);
                return created.Token;
            }

            created.Dispose();
        }
    }
}
