using Backend.Platform.Data;
using Backend.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backend.Platform.Identity;

/// <summary>
/// Where this process's tokens come from, chosen by the service that issues them: either this
/// process holds the private signing key (<see cref="AddLocalIssuer"/>), or it validates with the
/// issuer's public keys fetched from another process (<see cref="AddRemoteIssuerKeys"/>) and gets
/// its own service token from the <see cref="ServiceTokenSource"/> that service registers.
/// </summary>
public static class IssuerRegistration
{
    /// <summary>The HttpClient that reaches the issuer; its streams stay open as long as the process runs.</summary>
    public const string IssuerClient = "backend-issuer";

    /// <summary>
    /// This process's service identity (<c>Auth:Client:Id</c>); by default the identity of the
    /// widest caller it hosts: payments, whose calls include those of orders.
    /// </summary>
    public static string ClientId(IConfiguration configuration) =>
        configuration[$"{AuthOptions.Section}:Client:Id"] is { Length: > 0 } id
            ? id
            : configuration.Hosts(ServicePermissions.Payments) ? ServicePermissions.Payments : ServicePermissions.Orders;

    /// <summary>This process signs tokens: it loads the private key and signs its own service token.</summary>
    public static WebApplicationBuilder AddLocalIssuer(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var keys = SigningKeyLoader.Load(options, builder.Environment, DataOptions.From(builder.Configuration).Directory);
        var clientId = ClientId(builder.Configuration);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IssuerKeySource, LocalIssuerKeys>();
        builder.Services.AddSingleton<ServiceTokenSource>(sp => new LocalServiceTokens(sp.GetRequiredService<TokenIssuer>(), clientId));
        return builder;
    }

    /// <summary>This process validates tokens with the public keys of the issuer at <paramref name="issuer"/>.</summary>
    public static WebApplicationBuilder AddRemoteIssuerKeys(this WebApplicationBuilder builder, Uri issuer)
    {
        builder.Services.AddHttpClient(IssuerClient, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<IssuerKeySource>(sp => new RemoteIssuerKeys(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(IssuerClient),
            new Uri(issuer, JwksEndpoint.Path),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RemoteIssuerKeys>>()));
        return builder;
    }
}
