using System.Globalization;
using System.Text;

namespace Backend.LoadTool;

internal static class ResultTable
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| scenario | concurrency | calls | per second | p50 ms | p90 ms | p99 ms | max ms | errors | server MiB before/after | notes |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
        foreach (var r in results)
        {
            var errors = string.Join(" ", r.Outcomes.Where(o => o.Key != "OK").Select(o => $"{o.Key}={o.Value}"));
            var notes = string.Join(" ", r.Extra.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}={e.Value:0.#}")));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Concurrency} | {r.Calls} | {r.PerSecond:0} | {r.P50Ms:0.00} | {r.P90Ms:0.00} | {r.P99Ms:0.00} | {r.MaxMs:0.0} | {(errors.Length == 0 ? "none" : errors)} | {Memory(r.ServerMemoryBeforeMiB)}/{Memory(r.ServerMemoryAfterMiB)} | {notes} |"));
        }

        return table.ToString();
    }

    private static string Memory(double? mib) => mib is { } value ? value.ToString("0", CultureInfo.InvariantCulture) : "n/a";
}
