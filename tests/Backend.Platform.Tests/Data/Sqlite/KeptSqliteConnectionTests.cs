using Backend.Platform.Data;
using Backend.Platform.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Tests.Data.Sqlite;

/// <summary>
/// Contexts on kept SQLite connections whose commands keep their compiled statements: every
/// answer must be the one a fresh connection and a fresh command would give.
/// </summary>
public sealed class KeptSqliteConnectionTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kept-" + Guid.NewGuid().ToString("N"));
    private SqliteConnectionShelf _shelf = null!;
    private DbContextOptions<NotesDbContext> _options = null!;

    public async Task InitializeAsync()
    {
        var connectionString = $"Data Source={Path.Combine(_directory, "notes.db")}";
        _shelf = new SqliteConnectionShelf(connectionString, SqliteSynchronous.Normal);
        _options = new DbContextOptionsBuilder<NotesDbContext>().UseSqlite(connectionString).Options;
        await using var db = Open();
        await db.Database.EnsureCreatedAsync();
        db.Notes.AddRange(new Note { Id = 1, Title = "one" }, new Note { Id = 2, Title = "two" }, new Note { Id = 3, Title = "three" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _shelf.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SameQuery_DifferentParameters_EachGetsItsOwnRow()
    {
        foreach (var (id, title) in new[] { (1, "one"), (3, "three"), (2, "two"), (1, "one") })
        {
            await using var db = Open();
            Assert.Equal(title, await TitleOf(db, id));
        }

        await using var last = Open();
        Assert.Null(await TitleOf(last, 42));
        Assert.InRange(((KeptSqliteConnection)last.Database.GetDbConnection()).Commands.Count, 1, 10);
    }

    [Fact]
    public async Task SameQuery_WhileItsReaderIsOpen_BothAnswerInFull()
    {
        await using var db = Open();
        var pairs = new List<(int, int)>();
        await foreach (var outer in IdsFrom(db, 2).AsAsyncEnumerable())
        {
            foreach (var inner in await IdsFrom(db, outer).ToListAsync())
            {
                pairs.Add((outer, inner));
            }
        }

        Assert.Equal([(2, 2), (2, 3), (3, 3)], pairs);
    }

    [Fact]
    public async Task FailedWrite_ThenTheSameStatement_Succeeds()
    {
        await using (var db = Open())
        {
            db.Notes.Add(new Note { Id = 4, Title = "four" });
            await db.SaveChangesAsync();
        }

        await using (var db = Open())
        {
            db.Notes.Add(new Note { Id = 5, Title = "four" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = Open())
        {
            db.Notes.Add(new Note { Id = 6, Title = "six" });
            await db.SaveChangesAsync();
        }

        await using var check = Open();
        Assert.Equal([1, 2, 3, 4, 6], await check.Notes.OrderBy(n => n.Id).Select(n => n.Id).ToListAsync());
    }

    [Fact]
    public async Task WriteInRolledBackTransaction_LeavesNothing_AndTheNextWriteCommits()
    {
        await using (var db = Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Notes.Add(new Note { Id = 7, Title = "seven" });
            await db.SaveChangesAsync();
            Assert.Equal("seven", await TitleOf(db, 7));
            await transaction.RollbackAsync();
        }

        await using (var db = Open())
        {
            Assert.Null(await TitleOf(db, 7));
            db.Notes.Add(new Note { Id = 8, Title = "eight" });
            await db.SaveChangesAsync();
        }

        await using var check = Open();
        Assert.Equal("eight", await TitleOf(check, 8));
    }

    [Fact]
    public async Task BulkUpdateRawSqlAndSynchronousQuery_SeeEachOthersWrites()
    {
        await using (var db = Open())
        {
            Assert.Equal(2, await db.Notes.Where(n => n.Id >= 2).ExecuteUpdateAsync(u => u.SetProperty(n => n.Title, n => n.Title + "!")));
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE Notes SET Title = {0} WHERE Id = {1}", "ONE", 1));
        }

        using var sync = Open();
        Assert.Equal(["ONE", "two!", "three!"], sync.Notes.OrderBy(n => n.Id).Select(n => n.Title).ToList());
        Assert.Equal(1, sync.Database.ExecuteSqlRaw("DELETE FROM Notes WHERE Id = {0}", 3));
        Assert.Equal(2, sync.Notes.Count());
    }

    [Fact]
    public async Task Command_DisposedTwice_IsNotHandedOutTwice()
    {
        await using var db = Open();
        var connection = db.Database.GetDbConnection();
        var first = connection.CreateCommand();
        first.Dispose();
        first.Dispose();

        using var second = connection.CreateCommand();
        using var third = connection.CreateCommand();

        Assert.NotSame(second, third);
    }

    [Fact]
    public async Task Shelf_LendsTheSameOpenConnectionAgain_AndClosesItWhenDisposed()
    {
        SqliteConnection first;
        await using (var db = Open())
        {
            first = (SqliteConnection)db.Database.GetDbConnection();
            await TitleOf(db, 1);
        }

        await using (var db = Open())
        {
            Assert.Same(first, db.Database.GetDbConnection());
            Assert.Equal(System.Data.ConnectionState.Open, first.State);
        }

        _shelf.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, first.State);
        Assert.Throws<ObjectDisposedException>(() => _shelf.Take());
    }

    // One query text for every starting id: the inner query meets the outer one's command in use.
    private static IQueryable<int> IdsFrom(NotesDbContext db, int from) =>
        db.Notes.Where(n => n.Id >= from).OrderBy(n => n.Id).Select(n => n.Id);

    private static Task<string?> TitleOf(NotesDbContext db, int id) =>
        db.Notes.Where(n => n.Id == id).Select(n => n.Title).SingleOrDefaultAsync();

    private NotesDbContext Open()
    {
        var db = new NotesDbContext(_options);
        db.Borrow(_shelf);
        return db;
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";
    }

    private sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : ServiceDbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().Property(n => n.Id).ValueGeneratedNever();
            modelBuilder.Entity<Note>().HasIndex(n => n.Title).IsUnique();
        }
    }
}
