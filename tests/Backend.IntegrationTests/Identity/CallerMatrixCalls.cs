using Backend.IntegrationTests.Orders;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Backend.IntegrationTests.Identity;

/// <summary>One well-formed call of each RPC, aimed at the owner's resources of a <see cref="CallerWorld"/>.</summary>
internal static class CallerMatrixCalls
{
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The status the call ends with (OK for a stream that delivered or stayed open) and the
    /// error's detail, which a failing row shows.
    /// </summary>
    public static async Task<(StatusCode Code, string Detail)> AnswerAsync(BackendFactory factory, string rpc, CallerWorld world, string? token)
    {
        var headers = token is null ? new Metadata() : Bearer.Headers(token);
        try
        {
            await CallAsync(factory, rpc.Split('/')[1], world, headers);
            return (StatusCode.OK, "");
        }
        catch (RpcException error)
        {
            return (error.StatusCode, error.Status.Detail);
        }
    }

    private static Task CallAsync(BackendFactory factory, string method, CallerWorld w, Metadata h) => method switch
    {
        "CreateUser" => factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = $"new-{Guid.NewGuid():N}@example.com", DisplayName = "New", Password = CallerWorld.Password,
        }, h).ResponseAsync,
        "Authenticate" => factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = w.Owner.Email, Password = CallerWorld.Password }, h).ResponseAsync,
        "GetUser" => factory.Users.GetUserAsync(new GetUserRequest { UserId = w.Owner.Id }, h).ResponseAsync,
        "ListUsers" => factory.Users.ListUsersAsync(new ListUsersRequest(), h).ResponseAsync,
        "UpdateUser" => factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = w.Owner.Id, DisplayName = "Renamed" }, UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, h).ResponseAsync,
        "DeleteUser" => factory.Users.DeleteUserAsync(new DeleteUserRequest { UserId = w.Owner.Id }, h).ResponseAsync,
        "RefreshSession" => factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = w.OwnerSession.RefreshToken }, h).ResponseAsync,
        "SignOut" => factory.Users.SignOutAsync(new SignOutRequest(), h).ResponseAsync,
        "ChangePassword" => factory.Users.ChangePasswordAsync(new ChangePasswordRequest
        {
            UserId = w.Owner.Id, CurrentPassword = CallerWorld.Password, NewPassword = "another password entirely",
        }, h).ResponseAsync,
        "AuthenticateClient" => factory.Users.AuthenticateClientAsync(
            new AuthenticateClientRequest { ClientId = "payments", ClientSecret = CallerMatrixFixture.PaymentsSecret }, h).ResponseAsync,
        "WatchRevocations" => StreamAsync(stop => factory.Users.WatchRevocations(new WatchRevocationsRequest(), h, cancellationToken: stop)),
        "CreateOrder" => factory.Orders.CreateOrderAsync(new CreateOrderRequest
        {
            // At the price the world's orders listed for sku-1.
            UserId = w.Owner.Id, Items = { new LineItem { Sku = "sku-1", Quantity = 1 } },
        }, h).ResponseAsync,
        "SetPrice" => factory.Orders.SetPriceAsync(new SetPriceRequest
        {
            Sku = "sku-matrix", UnitPrice = new Backend.Type.V1.Money { CurrencyCode = "EUR", Units = 3 },
        }, h).ResponseAsync,
        "ListPrices" => factory.Orders.ListPricesAsync(new ListPricesRequest(), h).ResponseAsync,
        "GetOrder" => factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = w.Pending.Id }, h).ResponseAsync,
        "ListOrders" => factory.Orders.ListOrdersAsync(new ListOrdersRequest { UserId = w.Owner.Id }, h).ResponseAsync,
        "CancelOrder" => factory.Orders.CancelOrderAsync(new CancelOrderRequest { OrderId = w.Pending.Id, Reason = "no longer needed" }, h).ResponseAsync,
        "UpdateOrderStatus" => factory.Orders.UpdateOrderStatusAsync(
            new UpdateOrderStatusRequest { OrderId = w.Paid.Id, Status = Backend.Orders.V1.OrderStatus.Shipped }, h).ResponseAsync,
        "MarkOrderPaid" => factory.Orders.MarkOrderPaidAsync(
            new MarkOrderPaidRequest { OrderId = w.Pending.Id, PaymentId = OrderScenarios.OtherPaymentId }, h).ResponseAsync,
        "MarkOrderRefunded" => factory.Orders.MarkOrderRefundedAsync(
            new MarkOrderRefundedRequest { OrderId = w.Paid.Id, PaymentId = OrderScenarios.PaymentId }, h).ResponseAsync,
        "WatchOrder" => StreamAsync(stop => factory.Orders.WatchOrder(new WatchOrderRequest { OrderId = w.Pending.Id }, h, cancellationToken: stop)),
        "WatchOrders" => StreamAsync(stop => factory.Orders.WatchOrders(new WatchOrdersRequest { UserId = w.Owner.Id }, h, cancellationToken: stop)),
        "WatchOrderChanges" => StreamAsync(stop => factory.Orders.WatchOrderChanges(new WatchOrderChangesRequest { UserId = w.Owner.Id }, h, cancellationToken: stop)),
        "CreatePayment" => factory.Payments.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = w.Pending.Id, Amount = w.Pending.Total, PaymentMethod = "pm_card_visa", IdempotencyKey = Guid.NewGuid().ToString(),
        }, h).ResponseAsync,
        "GetPayment" => factory.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = w.Payment.Id }, h).ResponseAsync,
        "ListPayments" => factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = w.Payment.OrderId }, h).ResponseAsync,
        "RefundPayment" => factory.Payments.RefundPaymentAsync(new RefundPaymentRequest
        {
            PaymentId = w.Payment.Id, IdempotencyKey = Guid.NewGuid().ToString(), Reason = "returned",
        }, h).ResponseAsync,
        _ => throw new InvalidOperationException($"No call for {method}: add one, and a row to the matrix."),
    };

    // A stream the caller may open either delivers or stays open until the caller stops waiting.
    // The caller cancels rather than setting a deadline: a deadline races the server's own timer,
    // whose end of the stream can reach the client before the client's.
    private static async Task StreamAsync<T>(Func<CancellationToken, AsyncServerStreamingCall<T>> open)
    {
        using var stop = new CancellationTokenSource(OpenFor);
        using var call = open(stop.Token);
        try
        {
            await call.ResponseStream.MoveNext(stop.Token);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
        {
        }
    }
}
