namespace Backend.IntegrationTests;

/// <summary>A test about the SQLite files themselves: skipped in the PostgreSQL run.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute()
    {
        if (BackendFactory.PostgresServer is not null)
        {
            Skip = "Runs against the SQLite files; this run uses PostgreSQL.";
        }
    }
}
