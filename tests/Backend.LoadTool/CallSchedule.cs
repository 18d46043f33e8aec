using System.Diagnostics;

namespace Backend.LoadTool;

/// <summary>
/// Calls due at a fixed rate. <see cref="Turn"/> runs on the thread that sends them: it starts
/// every call that has fallen due and says when the next one is, so the thread can sleep exactly
/// that long. Waiting on the runtime's timers (a millisecond of granularity, and later than that
/// on a busy machine) let calls go late and in bunches; since each latency counts from the moment
/// its call was due, that lateness was measured as the server's.
/// </summary>
/// <param name="perSecond">The rate.</param>
/// <param name="release">
/// Starts the call with the given number (from 0), due at the given <see cref="Stopwatch"/>
/// timestamp; returns false to end the schedule.
/// </param>
internal sealed class CallSchedule(double perSecond, Func<long, long, bool> release)
{
    private readonly double _interval = Stopwatch.Frequency / perSecond;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ticket;

    /// <summary>Completes when the schedule has ended.</summary>
    public Task Done => _done.Task;

    /// <summary>Starts the calls due by now; returns when the next is due (<see cref="long.MaxValue"/> once ended).</summary>
    public long Turn()
    {
        try
        {
            var now = Stopwatch.GetTimestamp();
            while (!_done.Task.IsCompleted)
            {
                var due = _start + (long)((_ticket + 1) * _interval);
                if (due > now)
                {
                    return due;
                }

                if (!release(_ticket++, due))
                {
                    _done.TrySetResult();
                }
            }
        }
        catch (Exception error)
        {
            _done.TrySetException(error);
        }

        return long.MaxValue;
    }
}
