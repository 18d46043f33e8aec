using System.Globalization;
using System.Text.Json;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// The log an operator alerts on, as a production deployment writes it: two processes (users and
/// orders; payments apart, calling them), JSON lines on the console. Refusals that concurrency
/// makes expected are no faults: an alert on Error must stay quiet through them.
/// </summary>
public sealed class OperatorLogTests
{
    private const string Admin = "ops@example.com";
    private const string AdminPassword = "operations password";

    [Fact]
    public async Task ProductionLog_ContendedSignUpsAndPayments_HasNoErrorAndEveryLineStampedInUtc()
    {
        var credentials = new ServiceCredentials();
        var ordersPort = HostProcess.FreePort();
        await using var orders = await HostProcess.StartAsync(
            Production(new Dictionary<string, string>(credentials.Issuer(SigningKeyPem.NewEc()))
            {
                ["Host__Services"] = "users,orders",
                ["Bootstrap__AdminEmail"] = Admin,
                ["Bootstrap__AdminPassword"] = AdminPassword,
            }),
            port: ordersPort, direct: true);
        await using var payments = await HostProcess.StartAsync(
            Production(new Dictionary<string, string>(credentials.Service("payments", orders.Address))
            {
                ["Host__Services"] = "payments",
                ["Endpoints__Orders"] = orders.Address.ToString().TrimEnd('/'),
            }),
            direct: true);

        var users = new UserService.UserServiceClient(orders.Channel);
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = Admin, Password = AdminPassword });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var signUps = await CallOutcomes.OfAsync(Enumerable.Range(0, 10).Select(_ => users.CreateUserAsync(new CreateUserRequest
        {
            Email = "twin@example.com",
            DisplayName = "Twin",
            Password = "correct horse battery staple",
        }).ResponseAsync));
        var orderClient = new OrderService.OrderServiceClient(orders.Channel);
        var order = (await orderClient.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = signedIn.User.Id,
            Items = { new LineItem { Sku = "lamp", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 40 } } },
        }, headers)).Order;
        var paymentClient = new PaymentService.PaymentServiceClient(payments.Channel);
        var charges = await CallOutcomes.OfAsync(Enumerable.Range(0, 10).Select(i => paymentClient.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = order.Id,
            Amount = order.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = "contended-" + i,
        }, headers).ResponseAsync));

        // Stopped as an orchestrator stops them, so that each log is complete.
        foreach (var host in new[] { payments, orders })
        {
            await host.SendTerminateAsync();
            await host.WaitForExitAsync(HostProcess.StartTimeout);
        }

        Assert.Equal([StatusCode.OK, StatusCode.AlreadyExists], signUps.Distinct().Order());
        Assert.Single(signUps, s => s == StatusCode.OK);
        Assert.Single(charges, s => s == StatusCode.OK);
        Assert.Contains(charges, s => s != StatusCode.OK);
        foreach (var host in new[] { orders, payments })
        {
            var lines = JsonLines(host.Output);
            Assert.NotEmpty(lines);
            Assert.All(lines, line => AssertStampedInUtc(line));
            Assert.DoesNotContain(lines, line => Level(line) is "Error" or "Critical");
            Assert.DoesNotContain(lines, line => Level(line) == "Information" && Category(line).StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
            // Stopping cancels the process's own revocation stream; that is not a stream that broke.
            Assert.DoesNotContain(lines, line => Level(line) == "Warning" && Category(line) == "Backend.Users.Remote.RevocationFollower");
        }
    }

    private static Dictionary<string, string> Production(Dictionary<string, string> environment)
    {
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Endpoints__AllowInsecureCredentials"] = "true";
        return environment;
    }


    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    private static string Level(JsonElement line) => line.GetProperty("LogLevel").GetString()!;

    private static string Category(JsonElement line) => line.GetProperty("Category").GetString()!;

    private static void AssertStampedInUtc(JsonElement line)
    {
        var stamp = line.GetProperty("Timestamp").GetString()!;
        Assert.EndsWith("Z", stamp, StringComparison.Ordinal);
        var parsed = DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }
}
