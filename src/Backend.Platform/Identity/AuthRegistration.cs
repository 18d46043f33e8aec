using Backend.Platform.Data;
using Backend.Platform.Hosting;
using Backend.Users.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Bearer tokens for every service, validated by the framework's JWT bearer handler with the
/// issuer's public keys (<see cref="RememberingTokenHandler"/>). Every gRPC method requires a
/// token unless marked <c>[AllowAnonymous]</c>; role rules are declared per RPC with
/// <c>[Authorize(Roles = ...)]</c>, and service tokens are held to their permissions. Only the
/// process that hosts UserService holds the private key; the others fetch the public keys and
/// follow revocations from it, with a service identity of their own.
/// </summary>
internal static class AuthRegistration
{
    private const string IssuerClient = "backend-issuer";

    public static WebApplicationBuilder AddPlatformAuth(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton<RevokedSessions>();

        var clientId = options.Client.Id ?? (configuration.Hosts(HostedServices.Payments) ? ServicePermissions.Payments : ServicePermissions.Orders);
        if (configuration.Hosts(HostedServices.Users))
        {
            var keys = SigningKeyLoader.Load(options, builder.Environment, DataOptions.From(configuration).Directory);
            builder.Services.AddSingleton(keys);
            builder.Services.AddSingleton<TokenIssuer>();
            builder.Services.AddSingleton<IssuerKeySource, LocalIssuerKeys>();
            builder.Services.AddSingleton<ServiceTokenSource>(sp => new LocalServiceTokens(sp.GetRequiredService<TokenIssuer>(), clientId));
        }
        else
        {
            AddIssuerConnection(builder, options, clientId);
        }

        builder.Services.AddSingleton(sp => new ServiceTokenProvider(sp.GetRequiredService<ServiceTokenSource>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IssuerKeySource, RevokedSessions, TimeProvider>((jwt, keys, revoked, timeProvider) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new RememberingTokenHandler(keys, revoked, timeProvider, options.RememberedTokens));
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    // Only the asymmetric algorithms: `none` and HS256 (with the public key as a secret) are refused.
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
                    TryAllIssuerSigningKeys = false,
                    NameClaimType = TokenClaims.Subject,
                    RoleClaimType = TokenClaims.Role,
                    ClockSkew = options.ClockSkew,
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationHandler, ServicePermissionHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        return builder;
    }

    // Public keys, service tokens and revocations all come from the process that hosts UserService.
    private static void AddIssuerConnection(WebApplicationBuilder builder, AuthOptions options, string clientId)
    {
        if (string.IsNullOrEmpty(builder.Configuration[$"Endpoints:{HostedServices.Users}"]))
        {
            throw new InvalidOperationException(
                "Endpoints:Users is not set. A process that does not host UserService validates tokens with the keys of the one that does: " +
                "give its address, e.g. Endpoints__Users=http://users:5000.");
        }

        if (string.IsNullOrEmpty(options.Client.Secret))
        {
            throw new InvalidOperationException(
                $"Auth:Client:Secret is not set. A process that does not host UserService needs a service credential of its own " +
                $"(client id '{clientId}'), registered with UserService as Auth:Clients:{clientId}:SecretSha256. See docs/security.md.");
        }

        var users = ServiceEndpoints.Of(builder.Configuration, HostedServices.Users);
        // Streams to the issuer stay open for as long as the process runs.
        builder.Services.AddHttpClient(IssuerClient, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(sp => new UserService.UserServiceClient(GrpcChannel.ForAddress(users, new GrpcChannelOptions
        {
            HttpClient = sp.GetRequiredService<IHttpClientFactory>().CreateClient(IssuerClient),
            DisposeHttpClient = true,
        })));
        builder.Services.AddSingleton<IssuerKeySource>(sp => new RemoteIssuerKeys(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(IssuerClient),
            new Uri(users, JwksEndpoint.Path),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RemoteIssuerKeys>>()));
        builder.Services.AddSingleton<ServiceTokenSource>(sp =>
            new RemoteServiceTokens(sp.GetRequiredService<UserService.UserServiceClient>(), clientId, options.Client.Secret));
        builder.Services.AddHostedService<RevocationFollower>();
    }
}
