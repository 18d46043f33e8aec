using Backend.IntegrationTests.Orders;
using Backend.IntegrationTests.Payments;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;

namespace Backend.IntegrationTests;

/// <summary>
/// Conflicts that concurrency makes expected (a unique index refusing the loser) reach the
/// database and are answered, but are no faults: nothing is logged at Error or above for them.
/// Runs on PostgreSQL too when BACKEND_TEST_POSTGRES is set.
/// </summary>
public sealed class ExpectedConflictLogTests
{
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    [Fact]
    public async Task ConcurrentDuplicates_SignUpsAndPayments_RefusedWithoutAnError()
    {
        // The commands' own log at Debug: it shows the conflicts did reach the database.
        await using var factory = new BackendFactory().With($"Logging:LogLevel:{CommandCategory}", "Debug");
        var (order, token) = await factory.OrderInAsync(OrderStatus.PendingPayment);

        var signUps = await CallOutcomes.OfAsync(Enumerable.Range(0, 8).Select(_ => factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = "twin@example.com",
            DisplayName = "Twin",
            Password = "correct horse battery staple",
        }).ResponseAsync));
        var payments = await CallOutcomes.OfAsync(Enumerable.Range(0, 8).Select(i => factory.PayAsync(order, token, key: "contended-" + i)));

        Assert.Single(signUps, s => s == StatusCode.OK);
        Assert.All(signUps.Where(s => s != StatusCode.OK), s => Assert.Equal(StatusCode.AlreadyExists, s));
        Assert.Single(payments, s => s == StatusCode.OK);
        Assert.Contains(factory.Logs.Lines, line => line.StartsWith($"Debug {CommandCategory}: Failed executing DbCommand", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
    }
}
