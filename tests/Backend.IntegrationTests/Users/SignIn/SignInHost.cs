using Backend.Platform.Identity;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using DomainUser = Backend.Users.Domain.User;

namespace Backend.IntegrationTests.Users.SignIn;

/// <summary>
/// A host of the given factory whose password hashes are counted, whose clock a test can move
/// and whose callers can name the address they call from.
/// </summary>
internal sealed class SignInHost : IDisposable
{
    private readonly GrpcChannel _channel;

    public SignInHost(BackendFactory factory)
    {
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPasswordHasher<DomainUser>>(Hasher);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddTransient<IStartupFilter, ClientAddressStartupFilter>();
        }));
        _channel = GrpcChannel.ForAddress(app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = app.Server.CreateHandler() });
        Users = new UserService.UserServiceClient(_channel);
        Services = app.Services;
    }

    public IServiceProvider Services { get; }

    public CountingPasswordHasher Hasher { get; } = new();

    public ShiftedTimeProvider Clock { get; } = new();

    public UserService.UserServiceClient Users { get; }

    public string AdminToken() =>
        Services.GetRequiredService<TokenIssuer>().Issue("admin-" + Guid.NewGuid().ToString("N"), PlatformRoles.Admin, TokenIssuer.NewSessionId()).Token;

    public static Metadata From(string address) => new() { { ClientAddressStartupFilter.Header, address } };

    public Task<AuthenticateResponse> SignInAsync(string email, string password, string address = "192.0.2.1") =>
        Users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = password }, From(address)).ResponseAsync;

    public async Task<User> SignUpAsync(string email, string password) =>
        (await Users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Signing In", Password = password }, From("192.0.2.250"))).User;

    public void Dispose() => _channel.Dispose();
}
