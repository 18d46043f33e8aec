using System.Data.Common;

namespace Backend.Payments.Data;

/// <summary>
/// One caller's part of a group of payment writes: changes staged on the group's context (saved
/// by EF Core), and for a charge's own rows the hand-written statements that write the same in
/// the group's transaction on SQLite. Either runs once per attempt, so it must write the same
/// every time.
/// </summary>
internal sealed record PaymentWrite(Action<PaymentsDbContext>? Stage, Func<PaymentStatements, DbTransaction, Task>? Run);
