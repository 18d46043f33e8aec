using Backend.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Bearer tokens for every service: the standard JWT handler validates them (remembering valid
/// ones for a minute, <see cref="ValidatedTokenCache"/>), every gRPC
/// method requires one unless marked <c>[AllowAnonymous]</c>, and role rules are declared per RPC
/// with <c>[Authorize(Roles = ...)]</c>.
/// </summary>
internal static class AuthRegistration
{
    public static WebApplicationBuilder AddPlatformAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);

        var key = SigningKeyLoader.Load(options, builder.Environment, DataOptions.From(builder.Configuration).Directory);
        var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        builder.Services.AddSingleton(credentials);
        builder.Services.AddSingleton<TokenIssuer>();

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = TokenClaims.Subject,
            RoleClaimType = TokenClaims.Role,
            ClockSkew = options.ClockSkew,
        };
        builder.Services.AddSingleton(new ValidatedTokenCache(TimeProvider.System, parameters, BearerAuthenticationHandler.SchemeName));
        // Resolved from the request's services for every request, not built by reflection.
        builder.Services.AddTransient<BearerAuthenticationHandler>();
        builder.Services.AddAuthentication(authentication =>
        {
            authentication.AddScheme<BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, displayName: null);
            authentication.DefaultScheme = BearerAuthenticationHandler.SchemeName;
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        return builder;
    }
}
