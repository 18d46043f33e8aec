using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Users.Grpc;
using Backend.Users.V1;
using Microsoft.AspNetCore.Builder;

namespace Backend.Users;

public static class Extensions
{
    /// <summary>Registers UserService, when configuration <c>Host:Services</c> hosts it here.</summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.Hosts(HostedServices.Users))
        {
            return builder;
        }

        builder.Services.AddServiceHealth(UserService.Descriptor.FullName);
        return builder;
    }

    /// <summary>Maps UserService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapUsers(this WebApplication app)
    {
        if (app.Configuration.Hosts(HostedServices.Users))
        {
            app.MapGrpcService<UserGrpcService>();
        }

        return app;
    }
}
