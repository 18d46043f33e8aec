using System.Globalization;
using System.Security;
using System.Text;

namespace Backend.LoadTool;

/// <summary>
/// An SVG chart of the performance targets: for each, the platform's figure, the target and the
/// bare reference host's figure from the same run, as bars on one scale per target, so a reader
/// sees how far each figure is from its target and from what the framework alone does.
/// </summary>
internal static class TargetChart
{
    private const int Width = 940, Left = 20, BarLeft = 110, BarSpan = 420, BarHeight = 18, RowGap = 4, BlockGap = 18;
    private const string Platform = "#3b6fb6", Target = "#8c8c8c", Bare = "#4a9a5a", Met = "#2e7d32", Missed = "#c62828";

    public static string Svg(IReadOnlyList<TargetFigure> figures, string caption)
    {
        var height = 70 + figures.Count * (20 + 3 * (BarHeight + RowGap) + BlockGap);
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Append(svg, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Each target: the platform (blue), the target (grey), the bare reference host (green)</text>");
        Append(svg, $"<text x=\"{Left}\" y=\"42\" fill=\"#555\">{Escape(caption)}</text>");
        var y = 62;
        foreach (var figure in figures)
        {
            y = Block(svg, figure, y);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int Block(StringBuilder svg, TargetFigure figure, int y)
    {
        var (verdict, colour) = figure.Met switch { true => ("met", Met), false => ("not met", Missed), null => ("not measured", Target) };
        Append(svg, $"<text x=\"{Left}\" y=\"{y + 14}\" font-weight=\"bold\">{Escape(figure.Title)}: <tspan fill=\"{colour}\">{verdict}</tspan></text>");
        y += 20;
        var scale = new[] { figure.Measured, figure.Target, figure.Reference }.OfType<double>().DefaultIfEmpty(1).Max() * 1.05;
        var comparison = figure.AtMost ? "at most" : "at least";
        y = Bar(svg, y, "platform", Platform, figure.Measured, scale, figure.Measured is { } m ? Figure(m, figure.Unit) : "not in these results");
        y = Bar(svg, y, "target", Target, figure.Target, scale, figure.Target is { } t ? $"{comparison} {Figure(t, figure.Unit)}" : "needs a figure not in these results");
        y = Bar(svg, y, "bare host", Bare, figure.Reference, scale,
            figure.Reference is { } r ? $"{Figure(r, figure.Unit)} ({figure.ReferenceLabel})" : figure.ReferenceLabel);
        if (figure.Target is { } target)
        {
            var x = BarLeft + BarSpan * target / scale;
            Append(svg, $"<line x1=\"{x:0.0}\" y1=\"{y - 3 * (BarHeight + RowGap) - 2}\" x2=\"{x:0.0}\" y2=\"{y}\" stroke=\"{Target}\" stroke-dasharray=\"4 3\"/>");
        }

        return y + BlockGap;
    }

    private static int Bar(StringBuilder svg, int y, string label, string colour, double? value, double scale, string text)
    {
        var width = value is { } v ? Math.Max(1, BarSpan * v / scale) : 0;
        Append(svg, $"<text x=\"{Left + 10}\" y=\"{y + 13}\" fill=\"#333\">{label}</text>");
        Append(svg, $"<rect x=\"{BarLeft}\" y=\"{y}\" width=\"{width:0.0}\" height=\"{BarHeight}\" fill=\"{colour}\"/>");
        Append(svg, $"<text x=\"{BarLeft + width + 6:0.0}\" y=\"{y + 13}\">{Escape(text)}</text>");
        return y + BarHeight + RowGap;
    }

    private static string Figure(double value, string unit) => unit == "/s"
        ? string.Create(CultureInfo.InvariantCulture, $"{value:#,0}/s")
        : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {unit}");

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static void Append(StringBuilder svg, FormattableString text) => svg.Append(text.ToString(CultureInfo.InvariantCulture));
}
