namespace Backend.EndToEndTests;

/// <summary>A test of a PostgreSQL deployment: runs when BACKEND_TEST_POSTGRES names a server (CI starts one).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public static readonly string? Server = Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES");

    public PostgresFactAttribute()
    {
        if (Server is null)
        {
            Skip = "Needs BACKEND_TEST_POSTGRES (an admin connection string); .ci/run provides one.";
        }
    }
}
