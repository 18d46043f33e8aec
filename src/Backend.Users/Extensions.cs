using Backend.Platform.Data;
using Backend.Platform.Health;
using Backend.Platform.Hosting;
using Backend.Platform.Identity;
using Backend.Platform.Validation;
using Backend.Users.Application;
using Backend.Users.Bootstrap;
using Backend.Users.Data;
using Backend.Users.Grpc;
using Backend.Users.Remote;
using Backend.Users.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using User = Backend.Users.Domain.User;

namespace Backend.Users;

public static class Extensions
{
    /// <summary>
    /// Registers UserService, when configuration <c>Host:Services</c> hosts it here, with the token
    /// issuer; elsewhere, the connection to the process that issues the tokens.
    /// </summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        if (!builder.AddsService(UsersModule.Name))
        {
            return builder.AddIssuerConnection();
        }

        builder.AddLocalIssuer();
        builder.Services.AddServiceHealth(UsersModule.ServiceName);
        builder.AddServiceDatabase<UsersDbContext, SqliteUsersDbContext, PostgresUsersDbContext>(UsersModule.Name, UsersModule.ServiceName);

        var options = builder.Configuration.GetSection(UsersOptions.Section).Get<UsersOptions>() ?? new UsersOptions();
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = options.PasswordHashIterations);
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section);
        builder.Services.AddOptions<SignInLockoutOptions>().BindConfiguration(SignInLockoutOptions.Section);
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<CredentialCheck>();
        builder.Services.AddSingleton<UserAccounts>();
        builder.Services.AddSingleton<UserSessions>();
        builder.Services.AddSingleton<ServiceClients>();
        builder.Services.AddHostedService<RevocationPoller>();
        builder.Services.AddHostedService<AdminBootstrapper>();

        builder.Services
            .AddRequestValidator<CreateUserRequest, CreateUserRequestValidator>()
            .AddRequestValidator<AuthenticateRequest, AuthenticateRequestValidator>()
            .AddRequestValidator<GetUserRequest, GetUserRequestValidator>()
            .AddRequestValidator<ListUsersRequest, ListUsersRequestValidator>()
            .AddRequestValidator<UpdateUserRequest, UpdateUserRequestValidator>()
            .AddRequestValidator<DeleteUserRequest, DeleteUserRequestValidator>()
            .AddRequestValidator<RefreshSessionRequest, RefreshSessionRequestValidator>()
            .AddRequestValidator<ChangePasswordRequest, ChangePasswordRequestValidator>()
            .AddRequestValidator<AuthenticateClientRequest, AuthenticateClientRequestValidator>();
        return builder;
    }

    /// <summary>Maps UserService's endpoints, when this process hosts it.</summary>
    public static WebApplication MapUsers(this WebApplication app)
    {
        if (app.Configuration.Hosts(UsersModule.Name))
        {
            app.MapGrpcService<UserGrpcService>();
            app.MapJwks();
        }

        return app;
    }
}
