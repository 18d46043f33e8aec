namespace Backend.IntegrationTests.Docs;

/// <summary>The repository's own files, found from where the tests run (the folder holding Backend.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Backend.sln above {AppContext.BaseDirectory}.");
    }
}
