using System.Text.Json.Nodes;
using Backend.Platform.Discovery;

namespace Backend.IntegrationTests.Web;

/// <summary>
/// The OpenAPI document at /openapi/v1.json describes the REST surface the contract declares:
/// one operation per RPC, on its annotated route, named after it, described by its proto comment.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();
    private JsonNode _document = null!;

    public async Task InitializeAsync()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void Document_EveryRpc_HasItsAnnotatedPathAndOperation()
    {
        var problems = new List<string>();
        foreach (var method in RestRoutes.AllRpcs)
        {
            if (RestRoutes.RuleOf(method) is not { } rule)
            {
                problems.Add($"{method.FullName} has no (google.api.http) route");
                continue;
            }

            var (verb, path) = RestRoutes.Of(rule);
            var operation = _document["paths"]?[path]?[verb];
            if (operation?["operationId"]?.GetValue<string>() != RestRoutes.OperationId(method))
            {
                problems.Add($"{method.FullName}: {verb.ToUpperInvariant()} {path} is {(operation is null ? "missing" : "named " + operation["operationId"])}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Document_Operations_AreDescribedByTheirProtoComments()
    {
        var contract = new ContractDescriptors();
        foreach (var method in RestRoutes.AllRpcs.Where(m => RestRoutes.RuleOf(m) is not null))
        {
            var commented = contract.Files.SelectMany(f => f.Services).Single(s => s.FullName == method.Service.FullName).FindMethodByName(method.Name);
            var firstLine = commented.Declaration.LeadingComments.Trim().Split('\n')[0].Trim();
            var (verb, path) = RestRoutes.Of(RestRoutes.RuleOf(method)!);
            var operation = _document["paths"]![path]![verb]!;
            var text = $"{operation["summary"]} {operation["description"]}";

            Assert.True(text.Contains(firstLine, StringComparison.Ordinal), $"{method.FullName} is described as: {text}");
        }
    }

    [Fact]
    public void Document_BearerScheme_RequiredByAllButTheAnonymousRpcs()
    {
        Assert.Equal("bearer", _document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var open = _document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!))
            .Where(o => o["security"] is null)
            .Select(o => o["operationId"]!.GetValue<string>())
            .Order()
            .ToList();

        Assert.Equal(["UserService_Authenticate", "UserService_AuthenticateClient", "UserService_CreateUser", "UserService_RefreshSession"], open);
    }

    [Fact]
    public void Document_FieldBehaviour_MarksRequiredAndOutputOnlyProperties()
    {
        var schemas = _document["components"]!["schemas"]!;
        var required = schemas["CreateOrderRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order();
        var order = schemas["Order"]!["properties"]!;

        Assert.Equal(["items", "userId"], required);
        Assert.True(order["id"]!["readOnly"]!.GetValue<bool>());
        Assert.StartsWith("The server-assigned identifier.", order["id"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(schemas["CreateOrderRequest"]!["properties"]!["requestId"]!["readOnly"]);
        // Required, but carried by the route (/v1/orders/{orderId}:cancel), not the body.
        Assert.Null(schemas["CancelOrderRequest"]!["required"]);
    }
}
