using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backend.LoadTool;

/// <summary>Collects call latencies and outcomes from many workers.</summary>
internal sealed class LatencyRecorder
{
    private readonly ConcurrentBag<List<long>> _perWorker = [];
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public List<long> NewWorkerBuffer()
    {
        var buffer = new List<long>(1 << 16);
        _perWorker.Add(buffer);
        return buffer;
    }

    public void Record(List<long> buffer, long elapsedTicks, string outcome)
    {
        lock (buffer)
        {
            buffer.Add(elapsedTicks);
        }

        _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _count);
    }

    /// <summary>Counts calls (or arrivals) that did not happen, so they show among the outcomes without a latency.</summary>
    public void Missed(string outcome, long count)
    {
        if (count > 0)
        {
            _outcomes.AddOrUpdate(outcome, count, (_, n) => n + count);
        }
    }

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>Latency percentiles in milliseconds: p50, p90, p99, max.</summary>
    public (double P50, double P90, double P99, double Max) Percentiles()
    {
        var all = _perWorker.SelectMany(b => b).ToArray();
        if (all.Length == 0)
        {
            return (0, 0, 0, 0);
        }

        Array.Sort(all);
        double At(double q) => Milliseconds(all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)]);
        return (At(0.50), At(0.90), At(0.99), Milliseconds(all[^1]));
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
