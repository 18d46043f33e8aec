using System.Text;
using Microsoft.Extensions.Options;

namespace Fulfilment;

/// <summary>
/// Keeps the feed cursor in a file, written only after the change it names was handled: after a
/// crash the worker resumes at the last handled change, so nothing is lost (and a change handled
/// just before the crash may come again, which shipping takes in its stride).
/// </summary>
internal sealed class FileCursorStore(IOptions<FulfilmentOptions> options)
{
    private string FilePath => options.Value.CursorFile;

    /// <summary>The stored cursor; empty before the first run, which starts with the oldest change kept.</summary>
    public async Task<string> LoadAsync(CancellationToken cancellationToken) =>
        File.Exists(FilePath) ? (await File.ReadAllTextAsync(FilePath, cancellationToken)).Trim() : "";

    public async Task SaveAsync(string cursor, CancellationToken cancellationToken)
    {
        // Written aside, flushed to disk, then renamed over the old file: a crash leaves the old
        // cursor or the new one, never part of one.
        var aside = FilePath + ".new";
        await using (var file = new FileStream(aside, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(cursor), cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(aside, FilePath, overwrite: true);
    }
}
