namespace Backend.EndToEndTests;

/// <summary>
/// A test of two instances behind HAProxy: runs when BACKEND_TEST_PROXY names the state folder of
/// <c>deploy/proxy/two-instances.sh start</c> (CI starts the set-up with <c>.ci/proxy start</c>).
/// </summary>
public sealed class ProxyFactAttribute : FactAttribute
{
    public static readonly string? State = Environment.GetEnvironmentVariable("BACKEND_TEST_PROXY");

    public ProxyFactAttribute()
    {
        if (State is null)
        {
            Skip = "Needs BACKEND_TEST_PROXY (the state folder of deploy/proxy/two-instances.sh); .ci/run provides one.";
        }
    }
}
