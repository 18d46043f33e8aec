using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;

namespace Backend.Platform.Identity;

/// <summary>
/// This process's denylist of revoked sessions. Every bearer token is checked against it on
/// every call, remembered or not; open streams of a session end when it is revoked. Entries are
/// dropped once the tokens they refuse would have expired anyway.
/// </summary>
public sealed class RevokedSessions(TimeProvider timeProvider)
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableHashSet<CancellationTokenSource>> _streams = new(StringComparer.Ordinal);
    private ImmutableList<Channel<Revocation>> _subscribers = [];
    private DateTimeOffset _prunedAt = timeProvider.GetUtcNow();

    public int Count => _revoked.Count;

    public bool IsRevoked(string sessionId) => _revoked.ContainsKey(sessionId);

    /// <summary>Refuses the session's tokens from now on; false when it was already refused.</summary>
    public bool Revoke(Revocation revocation)
    {
        PruneNowAndThen();
        if (revocation.KeepUntil <= timeProvider.GetUtcNow() || !_revoked.TryAdd(revocation.SessionId, revocation.KeepUntil))
        {
            return false;
        }

        if (_streams.TryGetValue(revocation.SessionId, out var streams))
        {
            foreach (var stream in streams)
            {
                stream.Cancel();
            }
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(revocation);
        }

        return true;
    }

    /// <summary>Every revocation in force.</summary>
    public IReadOnlyList<Revocation> Snapshot() => _revoked.Select(r => new Revocation(r.Key, r.Value)).ToList();

    /// <summary>
    /// Cancels <paramref name="stream"/> when the session is revoked (at once if it already is),
    /// until <see cref="Unfollow"/>. A stream's owner calls both, so that an open stream costs
    /// this list one entry and nothing else.
    /// </summary>
    internal void Follow(string sessionId, CancellationTokenSource stream)
    {
        _streams.AddOrUpdate(sessionId, static (_, stream) => [stream], static (_, set, stream) => set.Add(stream), stream);
        if (IsRevoked(sessionId))
        {
            stream.Cancel();
        }
    }

    internal void Unfollow(string sessionId, CancellationTokenSource stream)
    {
        while (_streams.TryGetValue(sessionId, out var set))
        {
            var left = set.Remove(stream);
            if (left.IsEmpty ? _streams.TryRemove(new KeyValuePair<string, ImmutableHashSet<CancellationTokenSource>>(sessionId, set)) : _streams.TryUpdate(sessionId, left, set))
            {
                return;
            }
        }
    }

    /// <summary>Every revocation from now on, for as long as the returned reader is read.</summary>
    public (ChannelReader<Revocation> Reader, IDisposable Subscription) Subscribe()
    {
        var channel = Channel.CreateUnbounded<Revocation>(new UnboundedChannelOptions { SingleReader = true });
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(channel));
        return (channel.Reader, new Registration(() =>
        {
            ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(channel));
            channel.Writer.TryComplete();
        }));
    }

    private void PruneNowAndThen()
    {
        var now = timeProvider.GetUtcNow();
        if (now - _prunedAt < PruneEvery)
        {
            return;
        }

        _prunedAt = now;
        foreach (var (sessionId, keepUntil) in _revoked)
        {
            if (keepUntil <= now)
            {
                _revoked.TryRemove(sessionId, out _);
            }
        }
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
