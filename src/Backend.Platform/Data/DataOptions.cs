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

    public const int DefaultSqliteCacheKiB = 8 * 1024;

    public const int DefaultSqliteMmapMiB = 1024;

    /// <summary>
    /// SQLite's page cache of each kept connection, in KiB. SQLite's own default (2,000 KiB) holds
    /// a fresh database but not a grown one, and each connection fills its cache separately.
    /// </summary>
    public int SqliteCacheKiB { get; set; } = DefaultSqliteCacheKiB;

    /// <summary>
    /// How much of the database file each kept connection reads through a memory map, in MiB (0:
    /// none). Pages are then read from the operating system's page cache, which all connections
    /// share, without a read call and a copy per page; it reserves address space, not memory.
    /// </summary>
    public int SqliteMmapMiB { get; set; } = DefaultSqliteMmapMiB;

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

/// <summary>How SQLite makes a commit durable: see <see cref="Sqlite.SqlitePragmas"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
