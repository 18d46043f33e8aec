using System.Globalization;

namespace Backend.Testing;

/// <summary>
/// How long the tests wait for something to happen, scaled by the one setting
/// <c>BACKEND_TEST_TIME_SCALE</c> (a factor of at least 1, default 1) on a machine slowed down by
/// other work. Waits are for conditions, never timed assertions: a larger scale only lets a slow
/// machine finish, it never makes a test pass that should fail.
/// </summary>
public static class TestTime
{
    public const string ScaleVariable = "BACKEND_TEST_TIME_SCALE";

    public static double Scale { get; } =
        double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale >= 1
            ? scale
            : 1;

    /// <summary>How long a host may take to start and become healthy: 120 s (a busy machine needs that), scaled.</summary>
    public static TimeSpan HostStart { get; } = Scaled(TimeSpan.FromSeconds(120));

    public static TimeSpan Scaled(TimeSpan wait) => wait * Scale;
}
