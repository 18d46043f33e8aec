using System.Diagnostics;
using Backend.LoadTool.Wire;
using Backend.Users.V1;
using Grpc.Core;

namespace Backend.LoadTool;

/// <summary>The sign-in scenarios: what a flood of sign-ins does to other callers, and what a sign-in costs.</summary>
internal sealed partial class LoadSession
{
    /// <summary>
    /// GetOrder on a fixed schedule at half the rate get-order reached, as get-order-half does,
    /// while one more client (<c>--flood-concurrency</c> callers on two connections of its own) sends
    /// Authenticate with unknown emails as fast as answers come. Its p99 against get-order-half's
    /// is what a sign-in flood costs everyone else.
    /// </summary>
    private async Task<ScenarioResult> GetOrderUnderSignInFloodAsync(string scenario, IReadOnlyList<ScenarioResult> earlier, Action<string> progress)
    {
        var floodConnections = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WireConnection.OpenAsync(options.Address, connections[0].Loop)));
        var flooder = new LoadSession(options with { Rate = null, Concurrency = options.FloodConcurrency }, channels, floodConnections, headers, userId);
        var sequence = 0L;
        var flood = flooder.RequestsAsync("sign-in flood", new WireTarget(Path(UserService.Descriptor, "Authenticate"), null),
            () => WireCall.Frame(new AuthenticateRequest
            {
                Email = $"nobody-{Interlocked.Increment(ref sequence)}@flood.example",
                Password = "not anyone's password",
            }),
            _ => { });
        var measured = await AtHalfOf("get-order", earlier).GetOrderAsync(scenario, progress);
        var flooded = await flood;
        foreach (var connection in floodConnections)
        {
            connection.Dispose();
        }

        var extra = new Dictionary<string, double>(measured.Extra)
        {
            ["flood_per_second"] = flooded.PerSecond,
            ["flood_p50_ms"] = flooded.P50Ms,
        };
        foreach (var (outcome, count) in flooded.Outcomes)
        {
            extra["flood_" + outcome] = count;
        }

        if (earlier.LastOrDefault(r => r.Scenario == "get-order-half") is { P99Ms: > 0 } unloaded)
        {
            extra["p99_vs_get_order_half"] = measured.P99Ms / unloaded.P99Ms;
        }

        return measured with { Extra = extra };
    }

    /// <summary>
    /// Authenticate's time for an unknown email against a known email with a wrong password,
    /// <c>--timing-calls</c> of each, alternated, one at a time. Each known email is a user of its
    /// own, so no account reaches its lockout. The host's sign-in budget must allow the calls.
    /// </summary>
    private async Task<ScenarioResult> SignInTimingAsync(string scenario, Action<string> progress)
    {
        var users = new UserService.UserServiceClient(channels[0]);
        var run = Guid.NewGuid().ToString("N")[..8];
        var known = new List<string>();
        for (var i = 0; i < options.TimingCalls; i++)
        {
            var email = $"timing-{run}-{i}@example.com";
            await users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Timing", Password = "the timing password" }, headers);
            known.Add(email);
            progress($"{scenario}: {i + 1}/{options.TimingCalls} users created");
        }

        // One call first, so that neither side pays for the server's first sign-in.
        await TimeSignInAsync(users, $"warm-up-{run}@example.com");
        var unknown = new List<double>();
        var wrong = new List<double>();
        var outcomes = new Dictionary<string, long>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.TimingCalls; i++)
        {
            var (unknownMs, unknownOutcome) = await TimeSignInAsync(users, $"nobody-{run}-{i}@example.com");
            var (wrongMs, wrongOutcome) = await TimeSignInAsync(users, known[i]);
            unknown.Add(unknownMs);
            wrong.Add(wrongMs);
            foreach (var outcome in new[] { unknownOutcome, wrongOutcome })
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }

            progress($"{scenario}: {i + 1}/{options.TimingCalls} pairs");
        }

        var all = unknown.Concat(wrong).Order().ToArray();
        var extra = new Dictionary<string, double>
        {
            ["unknown_email_median_ms"] = Median(unknown),
            ["wrong_password_median_ms"] = Median(wrong),
            ["unknown_vs_wrong"] = Median(unknown) / Median(wrong),
        };
        return new ScenarioResult(scenario, 1, clock.Elapsed.TotalSeconds, all.Length, all.Length / clock.Elapsed.TotalSeconds,
            Median(all), all[(int)(all.Length * 0.9)], all[^1], all[^1], outcomes, null, null, extra);
    }

    private static async Task<(double Milliseconds, string Outcome)> TimeSignInAsync(UserService.UserServiceClient users, string email)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = "a wrong password" });
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, nameof(StatusCode.OK));
        }
        catch (RpcException error)
        {
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, error.StatusCode.ToString());
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
