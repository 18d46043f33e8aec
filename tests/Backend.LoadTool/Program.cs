using System.Globalization;
using System.Text.Json;
using Backend.LoadTool;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

if (options.ResultsPaths.Count > 0)
{
    // Nothing is measured: the chart of the targets is drawn from results already written.
    if (options.TargetChartPath is null)
    {
        Console.Error.WriteLine("--results draws the chart of the targets: give --target-chart too");
        return 2;
    }

    var stored = await PerformanceTargets.ReadAsync(options.ResultsPaths, options.ReferenceResultsPath, CancellationToken.None);
    var files = options.ReferenceResultsPath is { } reference ? options.ResultsPaths.Append(reference) : options.ResultsPaths;
    var sources = string.Join(", ", files.Select(f => Path.GetFileName(f)));
    await File.WriteAllTextAsync(options.TargetChartPath, TargetChart.Svg(PerformanceTargets.From(stored), $"from {sources}"));
    return 0;
}

var session = await LoadSession.OpenAsync(options);
var results = new List<ScenarioResult>();
foreach (var scenario in options.Scenarios)
{
    Console.Error.WriteLine($"== {scenario} ==");
    var ran = await session.RunAsync(scenario, results, line => Console.Error.Write($"\r{line}".PadRight(78)));
    Console.Error.WriteLine();
    results.AddRange(ran);
}

Console.WriteLine(ResultTable.Render(results));
if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
}

if (options.ChartPath is not null)
{
    await File.WriteAllTextAsync(options.ChartPath, ResultChart.Svg(results));
}

if (options.TargetChartPath is not null)
{
    await File.WriteAllTextAsync(options.TargetChartPath, TargetChart.Svg(PerformanceTargets.From(PerformanceTargets.Normalised(results)), "from this run"));
}

// Smoke mode checks that every scenario ran and answered; the figures are not judged.
var broken = results.Where(r => r.Calls == 0 || r.Outcomes.Keys.Any(k => k != "OK")).ToList();
foreach (var result in broken)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{result.Scenario}: {result.Calls} calls, outcomes {string.Join(", ", result.Outcomes.Select(o => $"{o.Key}={o.Value}"))}"));
}

return options.Smoke && broken.Count > 0 ? 1 : 0;
