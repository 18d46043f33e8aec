using Backend.Platform.Hosting;
using Backend.Platform.Identity;
using Backend.Users.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Users.Remote;

/// <summary>
/// A process that does not host UserService reaches the one that does, at <c>Endpoints:Users</c>:
/// for the public keys it validates tokens with, for its own service token (exchanged for its
/// client credential) and for the revocations it follows.
/// </summary>
internal static class IssuerConnection
{
    public static WebApplicationBuilder AddIssuerConnection(this WebApplicationBuilder builder)
    {
        var (configuration, clientId) = (builder.Configuration, IssuerRegistration.ClientId(builder.Configuration));
        // Reported at start, after Host:Services is checked: a typo there may be why this process
        // does not host UserService. Everything is registered all the same, so that the start
        // gets as far as the report.
        if (string.IsNullOrEmpty(configuration[$"Endpoints:{UsersModule.Name}"]))
        {
            StartRefusal.Refuse(builder,
                "Endpoints:Users is not set. A process that does not host UserService validates tokens with the keys of the one that does: " +
                "give its address, e.g. Endpoints__Users=http://users:5000.");
        }

        var secret = configuration[$"{AuthOptions.Section}:Client:Secret"];
        if (string.IsNullOrEmpty(secret))
        {
            StartRefusal.Refuse(builder,
                $"Auth:Client:Secret is not set. A process that does not host UserService needs a service credential of its own " +
                $"(client id '{clientId}'), registered with UserService as Auth:Clients:{clientId}:SecretSha256. See docs/security.md.");
        }

        var users = ServiceEndpoints.Of(configuration, UsersModule.Name);
        builder.AddRemoteIssuerKeys(users);
        builder.Services.AddSingleton(sp => new UserService.UserServiceClient(GrpcChannel.ForAddress(users, new GrpcChannelOptions
        {
            HttpClient = sp.GetRequiredService<IHttpClientFactory>().CreateClient(IssuerRegistration.IssuerClient),
            DisposeHttpClient = true,
        })));
        builder.Services.AddSingleton<ServiceTokenSource>(sp =>
            new RemoteServiceTokens(sp.GetRequiredService<UserService.UserServiceClient>(), clientId, secret ?? ""));
        builder.Services.AddHostedService<RevocationFollower>();
        return builder;
    }
}
