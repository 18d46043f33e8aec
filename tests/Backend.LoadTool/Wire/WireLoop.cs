using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Backend.LoadTool.Wire;

/// <summary>
/// The one thread that reads every <see cref="WireConnection"/> of the tool and runs the turn
/// that starts scheduled calls. It sleeps in <c>ppoll</c> until a connection has something to
/// read or the next call is due (nanosecond timeouts, with the thread's timer slack cut to 1 ns),
/// so answers that arrive close together and calls that fall due together cost one wake-up, and
/// a due call is sent by the thread that noticed it was due.
/// </summary>
internal sealed class WireLoop : IDisposable
{
    private const short PollIn = 0x1;
    private const int TimerSlackOption = 29;

    // The longest sleep: how soon a newly set turn is first run.
    private static readonly long MaxWait = Stopwatch.Frequency / 100;

    private readonly Thread _thread;
    private readonly object _gate = new();
    private volatile WireConnection[] _connections = [];
    private volatile Func<long>? _turn;
    private volatile bool _stopped;

    public WireLoop()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the load tool's HTTP/2 loop runs on Linux (ppoll)");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "wire loop", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Sets what runs at each wake-up, before the loop writes and sleeps: it starts what is due and
    /// returns the <see cref="Stopwatch"/> timestamp it next wants to run at. Null for none.
    /// </summary>
    public void SetTurn(Func<long>? turn) => _turn = turn;

    public void Add(WireConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections, connection];
        }
    }

    public void Dispose()
    {
        _stopped = true;
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private void Run()
    {
        _ = SetTimerSlack(TimerSlackOption, 1, 0, 0, 0);
        var fds = Array.Empty<PollFd>();
        while (!_stopped)
        {
            var connections = _connections;
            var wakeAt = Stopwatch.GetTimestamp() + MaxWait;
            if (_turn is { } turn)
            {
                wakeAt = Math.Min(wakeAt, turn());
            }

            if (fds.Length != connections.Length)
            {
                fds = new PollFd[connections.Length];
            }

            for (var i = 0; i < connections.Length; i++)
            {
                // A closed connection is left out (a negative descriptor is skipped by ppoll): its
                // socket, at end of stream, would make every ppoll return at once and the loop spin.
                if (connections[i].IsClosed)
                {
                    fds[i] = new PollFd { Fd = -1 };
                    continue;
                }

                connections[i].Flush();
                fds[i] = new PollFd { Fd = (int)connections[i].Socket.Handle, Events = PollIn };
            }

            var wait = Math.Max(0, wakeAt - Stopwatch.GetTimestamp()) * (1_000_000_000.0 / Stopwatch.Frequency);
            var timeout = new TimeSpec { Seconds = (long)(wait / 1_000_000_000), Nanoseconds = (long)(wait % 1_000_000_000) };
            if (PollFor(fds, (nuint)fds.Length, ref timeout, IntPtr.Zero) <= 0)
            {
                continue;
            }

            for (var i = 0; i < connections.Length; i++)
            {
                if (fds[i].Returned != 0)
                {
                    connections[i].ReceiveAvailable();
                }
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "ppoll")]
    private static extern int PollFor([In, Out] PollFd[] fds, nuint count, ref TimeSpec timeout, IntPtr signalMask);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int SetTimerSlack(int option, nuint nanoseconds, nuint unused3, nuint unused4, nuint unused5);
}
