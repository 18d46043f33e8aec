using Backend.IntegrationTests.Orders;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Backend.IntegrationTests.Web;

/// <summary>
/// A REST call is the RPC itself: the same authentication, validation and error details,
/// answered with the HTTP status that matches the gRPC code and a google.rpc.Status JSON body.
/// </summary>
public sealed class RestCallTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task GetOrder_WithoutToken_Is401WithErrorInfo()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/orders/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(16, body["code"]!.GetValue<int>());
        Assert.Equal("UNAUTHENTICATED", Detail(body, "ErrorInfo")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUser_InvalidFields_Is400NamingEveryField()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/users", """{"email": "not an email", "displayName": "", "password": "short"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body["code"]!.GetValue<int>());
        var fields = Detail(body, "BadRequest")!["fieldViolations"]!.AsArray().Select(v => v!["field"]!.GetValue<string>()).Order();
        Assert.Equal(["display_name", "email", "password"], fields);
    }

    [Fact]
    public async Task GetOrder_SomeoneElses_Is404WithReason()
    {
        var (owner, ownerToken) = await _factory.SignUpAsync();
        var (_, otherToken) = await _factory.SignUpAsync();
        await _factory.ListPricesOfAsync([OrderScenarios.Item("lamp", 1, 40)]);
        var (_, created) = await SendAsync(HttpMethod.Post, "/v1/orders",
            $$$"""{"userId": "{{{owner.Id}}}", "items": [{"sku": "lamp", "quantity": 1, "unitPrice": {"currencyCode": "EUR", "units": 40}}]}""", ownerToken);
        var orderId = created["order"]!["id"]!.GetValue<string>();

        var (status, body) = await SendAsync(HttpMethod.Get, $"/v1/orders/{orderId}", token: otherToken);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ORDER_NOT_FOUND", Detail(body, "ErrorInfo")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListUsers_AsUser_Is403()
    {
        var (_, token) = await _factory.SignUpAsync();

        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/users?pageSize=10", token: token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ROLE_NOT_ALLOWED", Detail(body, "ErrorInfo")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUser_UnknownJsonField_IgnoredAsProtobufDoes()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/users",
            """{"email": "grace@example.com", "displayName": "Grace", "password": "a long enough password", "nickname": "amazing"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("grace@example.com", body["user"]!["email"]!.GetValue<string>());
        Assert.Null(body["user"]!["nickname"]);
        Assert.Single((await _factory.Users.ListUsersAsync(new(), Backend.Testing.Bearer.Headers(_factory.AdminToken()))).Users);
    }

    [Fact]
    public async Task CreateUser_BodyNotJson_Is400()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/v1/users", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty((await _factory.Users.ListUsersAsync(new(), Backend.Testing.Bearer.Headers(_factory.AdminToken()))).Users);
    }

    private static JsonNode? Detail(JsonNode status, string type) =>
        status["details"]!.AsArray().FirstOrDefault(d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc." + type);

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? json = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }
}
