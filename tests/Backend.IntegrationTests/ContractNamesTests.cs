using Backend.Testing;
using Google.Protobuf.Reflection;

namespace Backend.IntegrationTests;

/// <summary>
/// Every name the v1 specification fixes exists in the contract as written there: callers,
/// grpcurl users and the typed clients depend on them.
/// </summary>
public sealed class ContractNamesTests
{
    public static TheoryData<string, string[]> Rpcs => new()
    {
        { "backend.users.v1.UserService", ["CreateUser", "Authenticate", "GetUser", "ListUsers", "UpdateUser", "DeleteUser", "RefreshSession", "SignOut", "ChangePassword", "AuthenticateClient", "WatchRevocations"] },
        {
            "backend.orders.v1.OrderService",
            ["CreateOrder", "GetOrder", "ListOrders", "CancelOrder", "UpdateOrderStatus", "MarkOrderPaid", "MarkOrderRefunded", "SetPrice", "ListPrices", "WatchOrder", "WatchOrders", "WatchOrderChanges"]
        },
        { "backend.payments.v1.PaymentService", ["CreatePayment", "GetPayment", "ListPayments", "RefundPayment"] },
    };

    public static TheoryData<string, string[]> Fields => new()
    {
        { "backend.type.v1.Money", ["currency_code", "units", "nanos"] },
        { "backend.users.v1.User", ["id", "email", "display_name", "role", "create_time", "update_time", "etag"] },
        { "backend.users.v1.CreateUserRequest", ["email", "display_name", "password", "role"] },
        { "backend.users.v1.CreateUserResponse", ["user"] },
        { "backend.users.v1.AuthenticateRequest", ["email", "password"] },
        { "backend.users.v1.AuthenticateResponse", ["access_token", "expire_time", "user"] },
        { "backend.users.v1.GetUserRequest", ["user_id"] },
        { "backend.users.v1.GetUserResponse", ["user"] },
        { "backend.users.v1.ListUsersRequest", ["page_size", "page_token"] },
        { "backend.users.v1.ListUsersResponse", ["users", "next_page_token"] },
        { "backend.users.v1.UpdateUserRequest", ["user", "update_mask"] },
        { "backend.users.v1.UpdateUserResponse", ["user"] },
        { "backend.users.v1.DeleteUserRequest", ["user_id", "etag"] },
        { "backend.orders.v1.Order", ["id", "user_id", "items", "total", "status", "revision", "payment_id", "create_time", "update_time", "etag"] },
        { "backend.orders.v1.LineItem", ["sku", "quantity", "unit_price"] },
        { "backend.orders.v1.OrderEvent", ["order_id", "revision", "status", "previous_status", "event_time", "order"] },
        { "backend.orders.v1.CreateOrderRequest", ["user_id", "items", "request_id"] },
        { "backend.orders.v1.CreateOrderResponse", ["order"] },
        { "backend.orders.v1.GetOrderRequest", ["order_id"] },
        { "backend.orders.v1.ListOrdersRequest", ["user_id", "page_size", "page_token"] },
        { "backend.orders.v1.ListOrdersResponse", ["orders", "next_page_token"] },
        { "backend.orders.v1.CancelOrderRequest", ["order_id", "reason"] },
        { "backend.orders.v1.UpdateOrderStatusRequest", ["order_id", "status", "etag"] },
        { "backend.orders.v1.MarkOrderPaidRequest", ["order_id", "payment_id"] },
        { "backend.orders.v1.MarkOrderRefundedRequest", ["order_id", "payment_id"] },
        { "backend.orders.v1.WatchOrderRequest", ["order_id", "after_revision"] },
        { "backend.orders.v1.WatchOrderResponse", ["event"] },
        { "backend.orders.v1.WatchOrdersRequest", ["user_id"] },
        { "backend.orders.v1.WatchOrdersResponse", ["event"] },
        { "backend.orders.v1.WatchOrderChangesRequest", ["after_cursor", "statuses", "user_id"] },
        { "backend.orders.v1.WatchOrderChangesResponse", ["event", "cursor"] },
        { "backend.payments.v1.Payment", ["id", "order_id", "user_id", "amount", "status", "failure_reason", "refunded_amount", "create_time", "update_time"] },
        { "backend.payments.v1.CreatePaymentRequest", ["order_id", "amount", "payment_method", "idempotency_key"] },
        { "backend.payments.v1.CreatePaymentResponse", ["payment"] },
        { "backend.payments.v1.GetPaymentRequest", ["payment_id"] },
        { "backend.payments.v1.ListPaymentsRequest", ["order_id", "page_size", "page_token"] },
        { "backend.payments.v1.ListPaymentsResponse", ["payments", "next_page_token"] },
        { "backend.payments.v1.RefundPaymentRequest", ["payment_id", "amount", "idempotency_key", "reason"] },
        { "backend.payments.v1.RefundPaymentResponse", ["payment", "refund"] },
    };

    public static TheoryData<string, string[]> EnumValues => new()
    {
        { "backend.users.v1.Role", ["ROLE_USER", "ROLE_ADMIN", "ROLE_SERVICE"] },
        {
            "backend.orders.v1.OrderStatus",
            ["ORDER_STATUS_PENDING_PAYMENT", "ORDER_STATUS_PAID", "ORDER_STATUS_SHIPPED", "ORDER_STATUS_DELIVERED", "ORDER_STATUS_CANCELLED", "ORDER_STATUS_REFUNDED"]
        },
        {
            "backend.payments.v1.PaymentStatus",
            ["PAYMENT_STATUS_SUCCEEDED", "PAYMENT_STATUS_FAILED", "PAYMENT_STATUS_PARTIALLY_REFUNDED", "PAYMENT_STATUS_REFUNDED"]
        },
    };

    [Theory]
    [MemberData(nameof(Rpcs))]
    public void Service_HasEveryRpc_WithOwnRequestAndResponse(string service, string[] rpcs)
    {
        var descriptor = Contract.Services.Single(s => s.FullName == service);

        foreach (var rpc in rpcs)
        {
            var method = descriptor.FindMethodByName(rpc);
            Assert.NotNull(method);
            Assert.Equal(rpc + "Request", method.InputType.Name);
            Assert.Equal(rpc + "Response", method.OutputType.Name);
        }

        string[] streaming = service switch
        {
            "backend.orders.v1.OrderService" => ["WatchOrder", "WatchOrders", "WatchOrderChanges"],
            "backend.users.v1.UserService" => ["WatchRevocations"],
            _ => [],
        };
        Assert.Equal(streaming, descriptor.Methods.Where(m => m.IsServerStreaming).Select(m => m.Name));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Message_HasEveryField(string message, string[] fields)
    {
        var descriptor = Find<MessageDescriptor>(message);

        foreach (var field in fields)
        {
            Assert.NotNull(descriptor.FindFieldByName(field));
        }
    }

    [Theory]
    [MemberData(nameof(EnumValues))]
    public void Enum_HasEveryValue(string enumName, string[] values)
    {
        var descriptor = Find<EnumDescriptor>(enumName);

        foreach (var value in values)
        {
            Assert.NotNull(descriptor.FindValueByName(value));
        }
    }

    [Fact]
    public void Timestamps_AndMasks_UseWellKnownTypes()
    {
        Assert.Equal("google.protobuf.Timestamp", Find<MessageDescriptor>("backend.orders.v1.OrderEvent").FindFieldByName("event_time").MessageType.FullName);
        Assert.Equal("google.protobuf.FieldMask", Find<MessageDescriptor>("backend.users.v1.UpdateUserRequest").FindFieldByName("update_mask").MessageType.FullName);
        Assert.Equal("backend.type.v1.Money", Find<MessageDescriptor>("backend.orders.v1.LineItem").FindFieldByName("unit_price").MessageType.FullName);
    }

    private static T Find<T>(string fullName)
        where T : class, IDescriptor =>
        Contract.Files.Select(f => f.FindTypeByName<T>(fullName[(f.Package.Length + 1)..]))
            .FirstOrDefault(d => d is not null && d.FullName == fullName)
        ?? throw new Xunit.Sdk.XunitException($"{fullName} is not in the contract");
}
