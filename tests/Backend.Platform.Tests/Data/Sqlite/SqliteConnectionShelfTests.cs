using System.Data;
using Backend.Platform.Data;
using Backend.Platform.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Tests.Data.Sqlite;

/// <summary>The shelf's invariants, as its header states them: what is lent, how it is opened, when writers wait.</summary>
public sealed class SqliteConnectionShelfTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "shelf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1L)]
    [InlineData(SqliteSynchronous.Full, 2L)]
    public void Take_NewConnection_HasTheShelfsPragmas(SqliteSynchronous synchronous, long expected)
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), synchronous, cacheKiB: 4096, mmapMiB: 16);

        var connection = shelf.Take();

        Assert.Equal(expected, Pragma(connection, "synchronous"));
        Assert.Equal(-4096L, Pragma(connection, "cache_size"));
        Assert.Equal(16L * 1024 * 1024, Pragma(connection, "mmap_size"));
        connection.GiveBack();
    }

    [Fact]
    public void Return_ClosedConnection_IsNotLentAgain()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        var first = shelf.Take();
        first.Close();

        first.GiveBack();
        var second = shelf.Take();

        Assert.NotSame(first, second);
        Assert.Equal(ConnectionState.Open, second.State);
        second.GiveBack();
    }

    [Fact]
    public void Return_MoreThanMaxIdle_ClosesTheSurplus()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        var taken = Enumerable.Range(0, SqliteConnectionShelf.MaxIdle + 1).Select(_ => shelf.Take()).ToList();

        taken.ForEach(c => c.GiveBack());

        Assert.Equal(SqliteConnectionShelf.MaxIdle, shelf.IdleCount);
        Assert.Equal(ConnectionState.Closed, taken[^1].State);
    }

    [Fact]
    public void Close_WithCompiledCommands_DisposesThemFirst()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        var connection = shelf.Take();
        using (var command = ((System.Data.Common.DbConnection)connection).CreateCommand())
        {
            command.CommandText = "SELECT 1";
            Assert.Equal(1L, command.ExecuteScalar());
        }

        Assert.Equal(1, connection.Commands.Count);
        connection.Close();

        Assert.Equal(0, connection.Commands.Count);
    }

    [Fact]
    public void CreateCommand_AfterOneWasDisposed_ReusesItWithNothingOfTheLastUse()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        var connection = (System.Data.Common.DbConnection)shelf.Take();
        using var transaction = connection.BeginTransaction();
        var first = connection.CreateCommand();
        first.CommandText = "SELECT $x";
        first.Transaction = transaction;
        first.Parameters.Add(new SqliteParameter("$x", 7));
        Assert.Equal(7L, first.ExecuteScalar());
        first.Dispose();

        using var second = connection.CreateCommand();

        Assert.Same(first, second);
        Assert.Equal("", second.CommandText);
        Assert.Empty(second.Parameters);
        Assert.Null(second.Transaction);
    }

    [Fact]
    public async Task SaveChanges_WhileAnotherWriterHasTheTurn_WaitsForIt()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        await using var db = await CountersAsync(shelf);
        db.Counters.Add(new Counter { Id = 1 });

        await shelf.WriteTurns.WaitAsync();
        var save = db.SaveChangesAsync();
        await Task.Delay(200);
        var savedBeforeTurn = save.IsCompleted;
        shelf.WriteTurns.Release();

        Assert.False(savedBeforeTurn);
        Assert.Equal(1, await save.WaitAsync(Patience));
    }

    [Fact]
    public async Task SaveChanges_InsideExplicitTransaction_DoesNotWaitForTheTurn()
    {
        using var shelf = new SqliteConnectionShelf(ConnectionString(), SqliteSynchronous.Normal);
        await using var db = await CountersAsync(shelf);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Counters.Add(new Counter { Id = 2 });

        await shelf.WriteTurns.WaitAsync();
        try
        {
            Assert.Equal(1, await db.SaveChangesAsync().WaitAsync(Patience));
        }
        finally
        {
            shelf.WriteTurns.Release();
        }
    }

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<CountersDbContext> CountersAsync(SqliteConnectionShelf shelf)
    {
        var db = new CountersDbContext(new DbContextOptionsBuilder<CountersDbContext>().UseSqlite("Data Source=:memory:").Options);
        db.Borrow(shelf);
        await db.Database.EnsureCreatedAsync();
        return db;
    }

    private string ConnectionString() => $"Data Source={Path.Combine(_directory, "shelf.db")}";

    public sealed class Counter
    {
        public int Id { get; set; }
    }

    private sealed class CountersDbContext(DbContextOptions<CountersDbContext> options) : ServiceDbContext(options)
    {
        public DbSet<Counter> Counters => Set<Counter>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Counter>().Property(c => c.Id).ValueGeneratedNever();
    }
}
