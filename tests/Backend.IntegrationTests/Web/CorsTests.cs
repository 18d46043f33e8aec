using System.Net;

namespace Backend.IntegrationTests.Web;

/// <summary>
/// Browser pages of another origin may call the platform (REST or gRPC-Web) only when
/// <c>Cors:AllowedOrigins</c> names their origin; none is allowed by default.
/// </summary>
public sealed class CorsTests
{
    private const string Origin = "https://app.example.com";

    [Fact]
    public async Task Preflight_OriginAllowed_AnsweredWithGrpcWebHeadersExposed()
    {
        await using var factory = new BackendFactory().With("Cors:AllowedOrigins", Origin);

        using var response = await PreflightAsync(factory);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Preflight_NoOriginsConfigured_NotAllowed()
    {
        await using var factory = new BackendFactory();

        using var response = await PreflightAsync(factory);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task GrpcWebCall_OriginAllowed_ExposesStatusHeaders()
    {
        await using var factory = new BackendFactory().With("Cors:AllowedOrigins", Origin);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/backend.orders.v1.OrderService/GetOrder", UriKind.Relative))
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc-web");
        request.Headers.Add("Origin", Origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("grpc-status-details-bin", exposed, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(BackendFactory factory)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/backend.orders.v1.OrderService/GetOrder", UriKind.Relative));
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,authorization");
        return await client.SendAsync(request);
    }
}
