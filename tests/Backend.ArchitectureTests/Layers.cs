using System.Reflection;
using System.Xml.Linq;

namespace Backend.ArchitectureTests;

/// <summary>The projects whose shape the tests hold to the layering, and how to tell them apart.</summary>
public static class Layers
{
    public static readonly IReadOnlyDictionary<string, Assembly> Services = new Dictionary<string, Assembly>
    {
        ["Users"] = typeof(Users.Extensions).Assembly,
        ["Orders"] = typeof(Orders.Extensions).Assembly,
        ["Payments"] = typeof(Payments.Extensions).Assembly,
    };

    public static readonly Assembly Platform = typeof(Platform.Hosting.PlatformDefaults).Assembly;

    public static string RepositoryRoot { get; } = typeof(Layers).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> ServiceNames() => new(Services.Keys);

    /// <summary>A service project (or the host that composes them), by assembly or project name.</summary>
    public static bool IsService(string name) => name is "Backend.Host" || Services.Keys.Any(s => name == "Backend." + s);

    /// <summary>A client package: Backend.Client.Core and its companions, or a service's typed client.</summary>
    public static bool IsClient(string name) => name.StartsWith("Backend.Client", StringComparison.Ordinal) || name.EndsWith(".Client", StringComparison.Ordinal);

    /// <summary>The names of the projects a project file references, without their extension.</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectFile)
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot, projectFile));
        return project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
    }
}
