using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Backend.Platform.Data;

/// <summary>
/// SQLite keeps timestamps as text, which it cannot compare in queries; stored as whole
/// microseconds (UTC) they sort and compare like time and keep the precision PostgreSQL keeps.
/// Every SQLite context of the platform uses this.
/// </summary>
public static class SqliteConventions
{
    public static void UseComparableTimestamps(this ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTimeOffset>().HaveConversion<MicrosecondsConverter>();

    private sealed class MicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks / TicksPerMicrosecond,
        stored => new DateTimeOffset(stored * TicksPerMicrosecond, TimeSpan.Zero))
    {
        private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    }
}
