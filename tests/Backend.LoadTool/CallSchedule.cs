using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Backend.LoadTool;

/// <summary>
/// Calls due at a fixed rate, started on time by a thread of its own. Waiting on the runtime's
/// timers (a millisecond of granularity, and later than that on a busy machine) let calls go late
/// and in bunches; since each latency counts from the moment its call was due, that lateness was
/// measured as the server's. This thread sleeps to the next due moment with microsecond
/// precision and starts each due call itself, without handing it to another thread.
/// </summary>
internal sealed class CallSchedule
{
    private readonly double _interval;
    private readonly Func<long, long, bool> _release;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="perSecond">The rate.</param>
    /// <param name="release">
    /// Starts the call with the given number (from 0), due at the given <see cref="Stopwatch"/>
    /// timestamp; returns false to end the schedule.
    /// </param>
    public CallSchedule(double perSecond, Func<long, long, bool> release)
    {
        _interval = Stopwatch.Frequency / perSecond;
        _release = release;
        new Thread(Release) { IsBackground = true, Name = "call schedule", Priority = ThreadPriority.AboveNormal }.Start();
    }

    /// <summary>Completes when the schedule has ended.</summary>
    public Task Done => _done.Task;

    private void Release()
    {
        try
        {
            var start = Stopwatch.GetTimestamp();
            long ticket = 0;
            while (true)
            {
                var due = start + (long)((ticket + 1) * _interval);
                var now = Stopwatch.GetTimestamp();
                if (due > now)
                {
                    Pause(Stopwatch.GetElapsedTime(now, due));
                    continue;
                }

                if (!_release(ticket++, due))
                {
                    break;
                }
            }

            _done.TrySetResult();
        }
        catch (Exception error)
        {
            _done.TrySetException(error);
        }
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
