using Backend.Testing;
using Backend.Users.Data;
using Backend.Users.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using DomainUser = Backend.Users.Domain.User;

namespace Backend.IntegrationTests.Users;

public sealed class ListUsersTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task ListUsers_2500UsersWhileOthersSignUp_VisitsEachExactlyOnce()
    {
        var seeded = await SeedAsync(2500);
        var admin = Bearer.Headers(_factory.AdminToken());
        using var stop = new CancellationTokenSource();
        var signUps = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested && count < 200)
            {
                await _factory.SignUpAsync();
                count++;
            }
        });

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await _factory.Users.ListUsersAsync(new ListUsersRequest { PageSize = 100, PageToken = token }, admin);
            seen.AddRange(page.Users.Select(u => u.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);
        await stop.CancelAsync();
        await signUps;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seeded.All(seen.Contains), $"seen {seen.Count}, seeded {seeded.Count}, missing {seeded.Count(s => !seen.Contains(s))}, pages {pages}");
        Assert.True(pages >= 25, $"{pages} pages");
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListUsers_NoPageSize_FiftyPerPage()
    {
        await SeedAsync(120);

        var first = await _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(50, first.Users.Count);
        Assert.NotEmpty(first.NextPageToken);
    }

    [Fact]
    public async Task ListUsers_HugePageSize_CappedAtOneThousand()
    {
        await SeedAsync(1005);

        var first = await _factory.Users.ListUsersAsync(new ListUsersRequest { PageSize = int.MaxValue }, Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(1000, first.Users.Count);
        var rest = await _factory.Users.ListUsersAsync(
            new ListUsersRequest { PageSize = int.MaxValue, PageToken = first.NextPageToken }, Bearer.Headers(_factory.AdminToken()));
        Assert.Equal(5, rest.Users.Count);
        Assert.Empty(rest.NextPageToken);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("djEKb3JkZXJzCng")]
    [InlineData("%%%")]
    public async Task ListUsers_ForeignOrCorruptPageToken_InvalidArgument(string pageToken)
    {
        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.Users.ListUsersAsync(new ListUsersRequest { PageToken = pageToken }, Bearer.Headers(_factory.AdminToken())));

        Assert.Equal(["page_token"], failure.ViolatedFields);
    }

    [Fact]
    public async Task ListUsers_NegativePageSize_InvalidArgument()
    {
        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.Users.ListUsersAsync(new ListUsersRequest { PageSize = -1 }, Bearer.Headers(_factory.AdminToken())));

        Assert.Equal(["page_size"], failure.ViolatedFields);
    }

    private async Task<IReadOnlyList<string>> SeedAsync(int count)
    {
        _ = _factory.Server;
        await using var lease = _factory.Services.GetRequiredService<Backend.Platform.Data.ServiceDatabase<UsersDbContext>>().Open();
        var db = lease.Db;
        var time = TimeProvider.System;
        var users = Enumerable.Range(0, count).Select(i => new DomainUser
        {
            Id = Backend.Platform.Data.ResourceIds.New(time),
            Email = $"seed-{i}-{Guid.NewGuid():N}@example.com",
            DisplayName = "Seed " + i,
            PasswordHash = "not-a-usable-hash",
            Role = Backend.Users.Domain.UserRole.User,
            CreateTime = time.GetUtcNow(),
            UpdateTime = time.GetUtcNow(),
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => u.Id).ToList();
    }
}
