namespace Backend.Platform.Data.Sqlite;

/// <summary>
/// The settings SQLite keeps per connection, run once on each kept connection. <c>synchronous</c>:
/// under WAL, NORMAL syncs at checkpoints, so a committed write survives a killed process though
/// not power loss; FULL survives that too and costs an fsync per commit. The page cache and the
/// memory map are per connection too: see <see cref="DataOptions.SqliteCacheKiB"/> and
/// <see cref="DataOptions.SqliteMmapMiB"/>.
/// </summary>
internal static class SqlitePragmas
{
    public static string For(SqliteSynchronous synchronous, int cacheKiB, int mmapMiB) =>
        (synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;")
        + FormattableString.Invariant($"PRAGMA cache_size = -{Math.Max(0, cacheKiB)};PRAGMA mmap_size = {Math.Max(0, (long)mmapMiB) * 1024 * 1024};");
}
