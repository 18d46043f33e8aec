namespace Backend.IntegrationTests;

/// <summary>A test of PostgreSQL itself, skipped (and said so) in a run without one.</summary>
public sealed class PostgresOnlyFactAttribute : FactAttribute
{
    public PostgresOnlyFactAttribute()
    {
        Skip = BackendFactory.PostgresServer is null ? "Needs BACKEND_TEST_POSTGRES; .ci/run provides one." : null;
    }
}
