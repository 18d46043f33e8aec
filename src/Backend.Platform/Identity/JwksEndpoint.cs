using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Identity;

/// <summary>
/// Publishes the issuer's public keys as a JWK Set (RFC 7517) at <c>/.well-known/jwks.json</c>,
/// for every process that validates the platform's tokens.
/// </summary>
public static class JwksEndpoint
{
    public const string Path = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.ServiceProvider.GetRequiredService<SigningKeys>();
        var body = JsonSerializer.Serialize(new
        {
            keys = keys.Published.Select(k => new Dictionary<string, string?>
            {
                ["kty"] = k.Kty,
                ["use"] = k.Use,
                ["alg"] = k.Alg,
                ["kid"] = k.Kid,
                ["crv"] = k.Crv,
                ["x"] = k.X,
                ["y"] = k.Y,
                ["n"] = k.N,
                ["e"] = k.E,
            }.Where(p => p.Value is not null).ToDictionary()),
        });
        endpoints.MapGet(Path, () => Results.Text(body, "application/jwk-set+json")).AllowAnonymous();
        return endpoints;
    }
}
