using Backend.Client;
using Backend.Users.V1;
using Fulfilment;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<FulfilmentOptions>()
    .BindConfiguration(FulfilmentOptions.Section)
    .Validate(o => o.ClientSecret.Length > 0, "Fulfilment:ClientSecret is required.")
    .ValidateOnStart();
var settings = builder.Configuration.GetSection(FulfilmentOptions.Section).Get<FulfilmentOptions>() ?? new FulfilmentOptions();

// The order service client with the platform's defaults (deadline, retries of safe calls), and
// this service's own token on every call.
builder.Services.AddOrderServiceClient(o =>
{
    o.Address = settings.Platform;
    o.DefaultDeadline = settings.CallDeadline;
});
builder.Services.AddSingleton<IAccessTokenProvider, ServiceTokenSource>();

// Signing in is the one call made without a token: a client of its own, or the token source
// would ask itself for a token.
builder.Services.AddGrpcClient<UserService.UserServiceClient>(ServiceTokenSource.SignInClient, o => o.Address = settings.Platform);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<FileCursorStore>();
builder.Services.AddSingleton<Shipping>();
builder.Services.AddHostedService<ShippingWorker>();

await builder.Build().RunAsync();
