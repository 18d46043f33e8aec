using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Backend.LoadTool;

/// <summary>
/// Calls due at a fixed rate, released on time by a thread of its own. Waiting on the runtime's
/// timers (a millisecond of granularity, and later than that on a busy machine) let calls go late
/// and in bunches; since each latency counts from the moment its call was due, that lateness was
/// measured as the server's. This thread sleeps to the next due moment with microsecond
/// precision and hands each due call to the first free worker.
/// </summary>
internal sealed class CallSchedule : IDisposable
{
    private readonly Channel<long> _due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly double _interval;
    private readonly long _start = Stopwatch.GetTimestamp();
    private volatile bool _stopped;

    public CallSchedule(double perSecond)
    {
        _interval = Stopwatch.Frequency / perSecond;
        new Thread(Release) { IsBackground = true, Name = "call schedule", Priority = ThreadPriority.AboveNormal }.Start();
    }

    /// <summary>The moment (a <see cref="Stopwatch"/> timestamp) the next call was due.</summary>
    public ValueTask<long> NextAsync(CancellationToken cancellationToken) => _due.Reader.ReadAsync(cancellationToken);

    public void Dispose() => _stopped = true;

    private void Release()
    {
        long ticket = 0;
        while (!_stopped)
        {
            var now = Stopwatch.GetTimestamp();
            long due;
            while ((due = _start + (long)((ticket + 1) * _interval)) <= now)
            {
                ticket++;
                _due.Writer.TryWrite(due);
            }

            Pause(Stopwatch.GetElapsedTime(now, due));
        }

        _due.Writer.TryComplete();
    }

    private static void Pause(TimeSpan wait)
    {
        if (wait > TimeSpan.FromMilliseconds(2) || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            Thread.Sleep(1);
        }
        else
        {
            _ = MicroSleep((uint)Math.Max(1, wait.TotalMicroseconds));
        }
    }

    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int MicroSleep(uint microseconds);
}
