using Microsoft.Extensions.Configuration;

namespace Backend.Platform.Data;

/// <summary>Configuration section <c>Data</c>: where and in what each service keeps its data.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>The folder of the SQLite files (and the development signing key); relative to the working directory.</summary>
    public string Directory { get; set; } = "data";

    /// <summary><see cref="DatabaseProvider.Sqlite"/> (default) or <see cref="DatabaseProvider.Postgres"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite's commit durability: <see cref="SqliteSynchronous.Normal"/> (default) keeps every
    /// acknowledged write across a killed process; <see cref="SqliteSynchronous.Full"/> also across power loss.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    public static DataOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DataOptions>() ?? new DataOptions();
        options.Directory = Path.GetFullPath(options.Directory);
        return options;
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>How SQLite makes a commit durable: see <see cref="SqliteConnectionShelf"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
