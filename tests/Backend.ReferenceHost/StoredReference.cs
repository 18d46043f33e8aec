using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Backend.ReferenceHost;

/// <summary>
/// The stored reference: with <c>Reference:SigningKey</c> (an HMAC key, at least 32 bytes) and
/// <c>Reference:StoredPort</c>, the host also serves <see cref="ReferenceStoredOrders"/> on that
/// port, from a SQLite file of <see cref="SeededOrders"/> orders of the user <see cref="Owner"/>,
/// for callers with a token signed with that key (HS256, the cheapest signature to check). The
/// in-memory GetOrder and health on the other port stay as bare as before: authentication runs
/// only for this port's endpoint.
/// </summary>
internal static class StoredReference
{
    public const string Owner = "reference";
    public const int SeededOrders = 10_000;

    public static bool Configure(WebApplicationBuilder builder)
    {
        var key = builder.Configuration["Reference:SigningKey"];
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var file = Path.Combine(Path.GetTempPath(), $"reference-orders-{Environment.ProcessId}.db");
        builder.Services.AddPooledDbContextFactory<ReferenceDb>(o => o.UseSqlite(new SqliteConnectionStringBuilder { DataSource = file }.ToString()));
        builder.Services.AddAuthentication().AddJwtBearer(o =>
        {
            o.MapInboundClaims = true;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = false,
                ValidateAudience = false,
            };
        });
        builder.Services.AddAuthorization();
        return true;
    }

    public static async Task MapAsync(WebApplication app)
    {
        var port = app.Configuration["Reference:StoredPort"] ?? throw new InvalidOperationException("Reference:StoredPort is required with Reference:SigningKey");
        await SeedAsync(app.Services);
        var policy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();
        app.MapGrpcService<ReferenceStoredOrders>().RequireHost($"*:{port}").RequireAuthorization(policy);
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ReferenceDb>>().CreateDbContextAsync();
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var now = DateTimeOffset.UtcNow;
        db.Orders.AddRange(Enumerable.Range(0, SeededOrders).Select(i => new StoredOrder
        {
            Id = OrderId(i),
            UserId = Owner,
            Sku = "load-sku",
            Quantity = 2,
            CurrencyCode = "EUR",
            UnitPriceUnits = 9,
            UnitPriceNanos = 990_000_000,
            TotalUnits = 19,
            TotalNanos = 980_000_000,
            Status = 1,
            Revision = 1,
            CreateTime = now,
            UpdateTime = now,
        }));
        await db.SaveChangesAsync();
    }

    public static string OrderId(int i) => $"ref-{i:D8}";
}
