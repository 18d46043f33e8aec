using Microsoft.Data.Sqlite;

namespace Backend.Platform.Data.Sqlite;

/// <summary>A command whose compiled statements outlive each use; disposing it ends one use.</summary>
internal sealed class PreparedCommand : SqliteCommand
{
    private bool _inUse;
    private bool _retired;

    public bool TryRent()
    {
        if (_inUse)
        {
            return false;
        }

        _inUse = true;
        return true;
    }

    /// <summary>Disposes it for good, statements and all.</summary>
    public void Retire()
    {
        _retired = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_retired)
        {
            // The statements were reset when the reader closed; only this use's state goes.
            Parameters.Clear();
            Transaction = null;
            _inUse = false;
            return;
        }

        base.Dispose(disposing);
    }
}
