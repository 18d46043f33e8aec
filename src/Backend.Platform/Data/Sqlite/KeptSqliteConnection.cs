using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Backend.Platform.Data.Sqlite;

/// <summary>A connection of the shelf, with the commands it keeps compiled (<see cref="KeptCommand"/>).</summary>
internal sealed class KeptSqliteConnection : SqliteConnection
{
    public KeptSqliteConnection(string connectionString, SqliteConnectionShelf shelf)
        : base(connectionString)
    {
        Shelf = shelf;
        Commands = new KeptCommands(this);
    }

    public KeptCommands Commands { get; }

    /// <summary>The shelf it came from.</summary>
    public SqliteConnectionShelf Shelf { get; }

    /// <summary>Back to the shelf it came from, for the next context.</summary>
    public void GiveBack() => Shelf.Return(this);

    public override void Close()
    {
        // Compiled statements belong to the open handle; they go before it is given back.
        Commands.DisposeAll();
        base.Close();
    }

    // What EF Core asks for through DbConnection; SqliteConnection.CreateCommand still makes plain ones.
    protected override DbCommand CreateDbCommand() => Commands.Create();
}
