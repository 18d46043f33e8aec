using Backend.Platform.Identity;
using Backend.Testing;
using Grpc.Core;
using static Grpc.Core.StatusCode;

namespace Backend.IntegrationTests.Identity;

/// <summary>
/// Every RPC of the contract against every kind of caller: the answer each one gets is the
/// one the RPC's proto comment promises. The RPCs come from the contract's descriptors, so a new
/// RPC without a row here fails <see cref="Matrix_CoversEveryRpcOfTheContract"/>.
/// </summary>
public sealed class CallerMatrixTests(CallerMatrixFixture fixture) : IClassFixture<CallerMatrixFixture>
{
    public static readonly string[] Callers = ["anonymous", "user", "other user", "admin", "service orders", "service payments"];

    // OK means the call was let through and did its work (a stream stayed open); NotFound is what
    // a caller gets for someone else's resource.
    public static TheoryData<string, StatusCode[]> Rows => new()
    {
        { "backend.users.v1.UserService/CreateUser", [OK, OK, OK, OK, OK, OK] },
        { "backend.users.v1.UserService/Authenticate", [OK, OK, OK, OK, OK, OK] },
        { "backend.users.v1.UserService/GetUser", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/ListUsers", [Unauthenticated, PermissionDenied, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/UpdateUser", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/DeleteUser", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/RefreshSession", [OK, OK, OK, OK, OK, OK] },
        { "backend.users.v1.UserService/SignOut", [Unauthenticated, OK, OK, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/ChangePassword", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.users.v1.UserService/AuthenticateClient", [OK, OK, OK, OK, OK, OK] },
        { "backend.users.v1.UserService/WatchRevocations", [Unauthenticated, PermissionDenied, PermissionDenied, PermissionDenied, OK, OK] },
        { "backend.orders.v1.OrderService/CreateOrder", [Unauthenticated, OK, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/GetOrder", [Unauthenticated, OK, NotFound, OK, PermissionDenied, OK] },
        { "backend.orders.v1.OrderService/ListOrders", [Unauthenticated, OK, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/CancelOrder", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/UpdateOrderStatus", [Unauthenticated, PermissionDenied, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/MarkOrderPaid", [Unauthenticated, PermissionDenied, PermissionDenied, OK, PermissionDenied, OK] },
        { "backend.orders.v1.OrderService/MarkOrderRefunded", [Unauthenticated, PermissionDenied, PermissionDenied, OK, PermissionDenied, OK] },
        { "backend.orders.v1.OrderService/SetPrice", [Unauthenticated, PermissionDenied, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/ListPrices", [Unauthenticated, OK, OK, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/WatchOrder", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.orders.v1.OrderService/WatchOrders", [Unauthenticated, OK, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        // The owner's part of the feed; every user's needs an admin or a service permitted to follow it.
        { "backend.orders.v1.OrderService/WatchOrderChanges", [Unauthenticated, OK, PermissionDenied, OK, PermissionDenied, PermissionDenied] },
        { "backend.payments.v1.PaymentService/CreatePayment", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        { "backend.payments.v1.PaymentService/GetPayment", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
        // Another user's list is empty rather than refused: it shows only their own payments.
        { "backend.payments.v1.PaymentService/ListPayments", [Unauthenticated, OK, OK, OK, PermissionDenied, PermissionDenied] },
        { "backend.payments.v1.PaymentService/RefundPayment", [Unauthenticated, OK, NotFound, OK, PermissionDenied, PermissionDenied] },
    };

    [Fact]
    public void Matrix_CoversEveryRpcOfTheContract()
    {
        var inContract = Contract.Services.SelectMany(s => s.Methods).Select(m => $"{m.Service.FullName}/{m.Name}").Order();
        var inMatrix = Rows.Select(row => (string)row[0]).Order();

        Assert.Equal(inContract, inMatrix);
        Assert.All(Rows, row => Assert.Equal(Callers.Length, ((StatusCode[])row[1]).Length));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Rpc_EachCaller_GetsTheAnswerItsRoleAllows(string rpc, StatusCode[] expected)
    {
        var answers = new List<string>();
        for (var i = 0; i < Callers.Length; i++)
        {
            var world = await CallerWorld.CreateAsync(fixture.Factory);
            var (actual, detail) = await CallerMatrixCalls.AnswerAsync(fixture.Factory, rpc, world, Token(Callers[i], world));
            answers.Add($"{Callers[i]}: {actual}" + (actual == expected[i] ? "" : $" (expected {expected[i]}: {detail})"));
        }

        Assert.True(answers.All(a => !a.Contains("expected", StringComparison.Ordinal)), rpc + "\n" + string.Join("\n", answers));
    }

    private string? Token(string caller, CallerWorld world) => caller switch
    {
        "anonymous" => null,
        "user" => world.OwnerSession.AccessToken,
        "other user" => world.OtherSession.AccessToken,
        "admin" => fixture.Factory.AdminToken(),
        "service orders" => fixture.Factory.ServiceToken(ServicePermissions.Orders),
        "service payments" => fixture.Factory.ServiceToken(ServicePermissions.Payments),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };
}
