namespace Backend.Platform.Data.Sqlite;

/// <summary>
/// The commands of one kept connection: the compiled ones by text, and the <see cref="KeptCommand"/>s
/// handed out. Used by one context at a time, like the connection.
/// </summary>
internal sealed class KeptCommands(KeptSqliteConnection connection)
{
    // A service runs a few dozen distinct statements; past this many, new texts are not kept.
    private const int MaxKept = 128;

    private readonly Dictionary<string, PreparedCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Stack<KeptCommand> _free = new();

    /// <summary>How many command texts are kept compiled.</summary>
    public int Count => _prepared.Count;

    /// <summary>A command to fill in and run, reused from an earlier one when one was given back.</summary>
    public KeptCommand Create() => (_free.TryPop(out var command) ? command : new KeptCommand(connection)).Lend();

    public void GiveBack(KeptCommand command)
    {
        if (_free.Count < 4)
        {
            _free.Push(command);
        }
    }

    /// <summary>The compiled command for this text, or null when it is in use (a reader still open) or the set is full.</summary>
    public PreparedCommand? Rent(string text)
    {
        if (!_prepared.TryGetValue(text, out var command))
        {
            if (_prepared.Count >= MaxKept)
            {
                return null;
            }

            command = new PreparedCommand { Connection = connection, CommandText = text };
            _prepared.Add(text, command);
        }

        return command.TryRent() ? command : null;
    }

    public void DisposeAll()
    {
        foreach (var command in _prepared.Values)
        {
            command.Retire();
        }

        _prepared.Clear();
    }
}
