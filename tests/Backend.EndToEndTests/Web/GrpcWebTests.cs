using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Backend.EndToEndTests.Web;

/// <summary>
/// gRPC-Web, as a browser speaks it, on the host's HTTP/1.1 port: unary calls, server
/// streaming, and errors with their google.rpc.Status details, through the generated clients.
/// </summary>
public sealed class GrpcWebTests(WebPortHost web) : IClassFixture<WebPortHost>
{
    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Unary_SignUpAndSignIn_AnswersOverHttp11(GrpcWebMode mode)
    {
        using var channel = Channel(mode);
        var users = new UserService.UserServiceClient(channel);
        var email = $"web-{Guid.NewGuid():N}@example.com";

        var created = await users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Web", Password = "a browser's password" });
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = "a browser's password" });

        Assert.Equal(created.User.Id, signedIn.User.Id);
        Assert.NotEmpty(signedIn.AccessToken);
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task WatchOrder_OrderCancelled_StreamsBothEventsAndEnds(GrpcWebMode mode)
    {
        using var channel = Channel(mode);
        var (userId, token) = await SignUpAsync(channel);
        var orders = new OrderService.OrderServiceClient(channel);
        await ListTheLampAsync(channel);
        var order = (await orders.CreateOrderAsync(NewOrder(userId), Bearer.Headers(token))).Order;
        using var watch = orders.WatchOrder(new WatchOrderRequest { OrderId = order.Id }, Bearer.Headers(token),
            deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var first = watch.ResponseStream.Current.Event;

        await orders.CancelOrderAsync(new CancelOrderRequest { OrderId = order.Id, Reason = "from a browser" }, Bearer.Headers(token));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var second = watch.ResponseStream.Current.Event;
        var more = await watch.ResponseStream.MoveNext(CancellationToken.None);

        Assert.Equal((1L, OrderStatus.PendingPayment), (first.Revision, first.Status));
        Assert.Equal((2L, OrderStatus.Cancelled), (second.Revision, second.Status));
        Assert.False(more);
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
    }

    [Fact]
    public async Task GetOrder_Unknown_FailsWithErrorDetails()
    {
        using var channel = Channel(GrpcWebMode.GrpcWeb);
        var (_, token) = await SignUpAsync(channel);
        var orders = new OrderService.OrderServiceClient(channel);

        var failure = await GrpcAssert.FailsAsync(StatusCode.NotFound,
            () => orders.GetOrderAsync(new GetOrderRequest { OrderId = "0123456789abcdef0123456789abcdef" }, Bearer.Headers(token)),
            "ORDER_NOT_FOUND");

        Assert.Equal("0123456789abcdef0123456789abcdef", failure.Info.Metadata["id"]);
    }

    [Fact]
    public async Task CreateOrder_InvalidAndUnauthenticated_FailWithDetails()
    {
        using var channel = Channel(GrpcWebMode.GrpcWebText);
        var (userId, token) = await SignUpAsync(channel);
        var orders = new OrderService.OrderServiceClient(channel);

        var invalid = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => orders.CreateOrderAsync(new CreateOrderRequest { UserId = userId }, Bearer.Headers(token)));
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => orders.CreateOrderAsync(NewOrder(userId)), "UNAUTHENTICATED");

        Assert.Contains("items", invalid.ViolatedFields);
    }

    private GrpcChannel Channel(GrpcWebMode mode) => GrpcChannel.ForAddress(web.HttpAddress, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
        HttpVersion = System.Net.HttpVersion.Version11,
    });

    private static CreateOrderRequest NewOrder(string userId) => new()
    {
        UserId = userId,
        Items = { new LineItem { Sku = "lamp", Quantity = 1, UnitPrice = new Backend.Type.V1.Money { CurrencyCode = "EUR", Units = 40 } } },
    };

    // A customer pays listed prices: the fixture's admin lists the lamp first.
    private static async Task ListTheLampAsync(GrpcChannel channel)
    {
        var admin = await new UserService.UserServiceClient(channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "admin@example.com", Password = "change me, please" });
        await new OrderService.OrderServiceClient(channel).SetPriceAsync(
            new SetPriceRequest { Sku = "lamp", UnitPrice = NewOrder("").Items[0].UnitPrice }, Bearer.Headers(admin.AccessToken));
    }

    private static async Task<(string UserId, string Token)> SignUpAsync(GrpcChannel channel)
    {
        var users = new UserService.UserServiceClient(channel);
        var email = $"web-{Guid.NewGuid():N}@example.com";
        var created = await users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Web", Password = "a browser's password" });
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = "a browser's password" });
        return (created.User.Id, signedIn.AccessToken);
    }
}
