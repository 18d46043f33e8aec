using System.Reflection;

namespace Backend.Client.Tests;

/// <summary>Where the repository and this build's outputs are.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
