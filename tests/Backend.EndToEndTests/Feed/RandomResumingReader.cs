using Backend.Orders.V1;
using Grpc.Core;

namespace Backend.EndToEndTests.Feed;

/// <summary>
/// Follows the change feed in sessions that each end after a random number of changes or a
/// random time, and resumes on a random instance from the last cursor received, until it has as
/// many changes as it was told to expect.
/// </summary>
internal sealed class RandomResumingReader(OrderService.OrderServiceClient[] instances, Metadata headers, int seed)
{
    private readonly List<(string OrderId, long Revision)> _delivered = [];
    private int _expected = int.MaxValue;

    public IReadOnlyList<(string OrderId, long Revision)> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    public int Sessions { get; private set; }

    public void Expect(int total) => Volatile.Write(ref _expected, total);

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var cursor = "";
        while (Count < Volatile.Read(ref _expected) && !cancellationToken.IsCancellationRequested)
        {
            Sessions++;
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            session.CancelAfter(TimeSpan.FromMilliseconds(random.Next(100, 3000)));
            var take = random.Next(1, 1500);
            var instance = instances[random.Next(instances.Length)];
            using var call = instance.WatchOrderChanges(new WatchOrderChangesRequest { AfterCursor = cursor }, headers, cancellationToken: session.Token);
            try
            {
                for (var n = 0; n < take && await call.ResponseStream.MoveNext(session.Token); n++)
                {
                    var change = call.ResponseStream.Current;
                    lock (_delivered)
                    {
                        _delivered.Add((change.Event.OrderId, change.Event.Revision));
                    }

                    cursor = change.Cursor;
                }
            }
            catch (Exception error) when (error is RpcException { StatusCode: StatusCode.Cancelled or StatusCode.Unavailable } or OperationCanceledException)
            {
                // The session's time was up, or the stream broke as it was cut (UNAVAILABLE is
                // resumed, as the contract says): resume from the last cursor, or stop when the
                // caller's time is up.
            }
        }
    }

    private int Count
    {
        get
        {
            lock (_delivered)
            {
                return _delivered.Count;
            }
        }
    }
}
