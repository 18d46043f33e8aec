using Backend.Orders.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Backend.LoadTool;

/// <summary>
/// Many WatchOrder streams held open at once, each on the order its index picks, spread over
/// enough HTTP/2 connections that none carries more than the server's 100 concurrent streams.
/// </summary>
internal sealed class WatchStreams : IAsyncDisposable
{
    private const int StreamsPerConnection = 95;
    private readonly CancellationTokenSource _stop = new();
    private readonly GrpcChannel[] _channels;
    private readonly Task[] _streams;
    private int _failed;

    public WatchStreams(Uri address, int minimumConnections, int count, Func<int, string> orderOf, Metadata headers, WatchArrivals arrivals)
    {
        _channels = LoadSession.OpenChannels(address, Math.Max(minimumConnections, (count + StreamsPerConnection - 1) / StreamsPerConnection));
        // Opened a few thousand at a time, as clients arrive, rather than all in the same instant.
        var opening = new SemaphoreSlim(2000);
        _streams = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var orderId = orderOf(i);
            var client = new OrderService.OrderServiceClient(_channels[i % _channels.Length]);
            await opening.WaitAsync(_stop.Token);
            var held = true;
            try
            {
                using var call = client.WatchOrder(new WatchOrderRequest { OrderId = orderId }, headers, cancellationToken: _stop.Token);
                // The call carries _stop's token; a token given to each read would cost a linked token source per message.
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    arrivals.Arrived(orderId, response.Event.Revision);
                    if (held)
                    {
                        (held, _) = (false, opening.Release());
                    }
                }
            }
            catch (RpcException) when (_stop.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
            }
            catch (RpcException)
            {
                // Counted, not thrown: a watcher that lost its stream misses the changes after
                // it, and those show as MISSED.
                Interlocked.Increment(ref _failed);
            }
            finally
            {
                if (held)
                {
                    opening.Release();
                }
            }
        })).ToArray();
    }

    public int Connections => _channels.Length;

    /// <summary>Streams that ended with an error before the scenario closed them.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Waits until every stream has its first event, or the timeout; reports progress.</summary>
    public async Task WaitOpenAsync(WatchArrivals arrivals, string scenario, TimeSpan timeout, Action<string> progress)
    {
        var opened = System.Diagnostics.Stopwatch.StartNew();
        while (arrivals.Open < _streams.Length && opened.Elapsed < timeout)
        {
            progress($"{scenario}: {arrivals.Open}/{_streams.Length} streams open");
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_streams);
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _stop.Dispose();
    }
}
