using System.Globalization;
using System.Text;

namespace Backend.LoadTool;

/// <summary>An SVG bar chart of the results: throughput and p99 latency per scenario.</summary>
internal static class ResultChart
{
    public static string Svg(IReadOnlyList<ScenarioResult> results)
    {
        const int Width = 760, BarHeight = 26, Gap = 14, Left = 140, Right = 20, Top = 40;
        var height = Top + (results.Count * 2 * (BarHeight + 4)) + (results.Count * Gap) + 40;
        var maxRate = Math.Max(1, results.Max(r => r.PerSecond));
        var maxP99 = Math.Max(0.001, results.Max(r => r.P99Ms));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.Append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Backend load test: throughput (calls/s, blue) and p99 latency (ms, orange)</text>");
        var y = Top;
        foreach (var r in results)
        {
            var rateWidth = (Width - Left - Right - 120) * r.PerSecond / maxRate;
            var p99Width = (Width - Left - Right - 120) * r.P99Ms / maxP99;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y + 18}\">{r.Scenario}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{rateWidth:0.0}\" height=\"{BarHeight}\" fill=\"#3b6fb6\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + rateWidth + 6:0.0}\" y=\"{y + 18}\">{r.PerSecond:0}/s</text>");
            y += BarHeight + 4;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{p99Width:0.0}\" height=\"{BarHeight}\" fill=\"#e08a2c\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + p99Width + 6:0.0}\" y=\"{y + 18}\">p99 {r.P99Ms:0.00} ms</text>");
            y += BarHeight + 4 + Gap;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
