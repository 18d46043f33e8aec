using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Backend.Platform.Data;

/// <summary>
/// EF Core logs every failed command and every failed save at Error, with the whole exception,
/// before the caller has seen it, let alone decided whether it was expected. Many are: a unique
/// index refusing the second of two concurrent payments, the losing instance of the bootstrap-admin
/// race, the first migration's probe of a history table that is not there yet. So EF Core logs them
/// at Debug, and the code that decides logs the real faults: an RPC's unexpected failure at Error
/// with its correlation id (ErrorInterceptor), a background pass's failure where it is caught, a
/// failed migration by stopping the start.
/// </summary>
internal static class ExpectedFailures
{
    public static DbContextOptionsBuilder LeaveFailuresToTheCaller(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
}
