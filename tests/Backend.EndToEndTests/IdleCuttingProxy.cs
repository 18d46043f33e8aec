using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Backend.EndToEndTests;

/// <summary>
/// A TCP proxy on loopback that, like a load balancer or a reverse proxy, drops every connection
/// on which no byte moved in either direction for longer than its idle timeout.
/// </summary>
internal sealed class IdleCuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _cut;

    public IdleCuttingProxy(Uri target, TimeSpan idleTimeout)
    {
        _listener.Start();
        _accepting = AcceptAsync(target, idleTimeout);
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections dropped for being idle.</summary>
    public int Cut => Volatile.Read(ref _cut);

    private async Task AcceptAsync(Uri target, TimeSpan idleTimeout)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client, target, idleTimeout);
        }
    }

    private async Task RelayAsync(Socket client, Uri target, TimeSpan idleTimeout)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var lastActivity = Stopwatch.GetTimestamp();
        try
        {
            await server.ConnectAsync(target.Host, target.Port, connection.Token);
            async Task PumpAsync(Socket from, Socket to)
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await from.ReceiveAsync(buffer, connection.Token)) > 0)
                {
                    Volatile.Write(ref lastActivity, Stopwatch.GetTimestamp());
                    await to.SendAsync(buffer.AsMemory(0, read), connection.Token);
                }
            }

            var pumps = Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
            while (!pumps.IsCompleted)
            {
                await Task.WhenAny(pumps, Task.Delay(100, connection.Token));
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref lastActivity)) > idleTimeout)
                {
                    Interlocked.Increment(ref _cut);
                    break;
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException)
        {
        }
        finally
        {
            await connection.CancelAsync();
            client.Close(timeout: 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
