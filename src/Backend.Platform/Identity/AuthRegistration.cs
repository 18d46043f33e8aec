using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Bearer tokens for every service, validated by the framework's JWT bearer handler with the
/// issuer's public keys (<see cref="RememberingTokenHandler"/>). Every gRPC method requires a
/// token unless marked <c>[AllowAnonymous]</c>; role rules are declared per RPC with
/// <c>[Authorize(Roles = ...)]</c>, and service tokens are held to their permissions. Where the
/// keys and this process's own service token come from is the issuing service's to register
/// (<see cref="IssuerRegistration"/>).
/// </summary>
internal static class AuthRegistration
{
    public static WebApplicationBuilder AddPlatformAuth(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton<RevokedSessions>();
        builder.Services.AddSingleton<StreamExpiries>();

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
                jwt.Events = new JwtBearerEvents
                {
                    // The handler writes the token's times into the call's ticket as text; nothing
                    // reads them (a stream's expiry comes from the exp claim), and an open stream
                    // would keep them for as long as it lasts (decision 0021).
                    OnTokenValidated = validated =>
                    {
                        validated.Properties = new AuthenticationProperties();
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationHandler, ServicePermissionHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        builder.Services.MakeFrameworkAuthorizationSingletons();
        return builder;
    }
}
