namespace Backend.EndToEndTests.Readme;

/// <summary>
/// One command of a shell block in a documentation page, with what the page says it prints.
/// </summary>
/// <param name="Document">The page, as its path from the repository root.</param>
/// <param name="Line">The line of the page the command starts on.</param>
/// <param name="Text">The command, continuation lines joined, variables not yet expanded.</param>
/// <param name="Variable">For <c>NAME=$(grpcurl ... | jq -r PATH)</c>: NAME.</param>
/// <param name="JqPath">For such a capture: PATH.</param>
/// <param name="StandardInput">The body of a here-document, for <c>-d @</c>.</param>
/// <param name="Expected">The comment lines right under the command, without their <c>#</c>.</param>
/// <param name="Background">Whether the command ends with <c>&amp;</c> and runs beside the following ones.</param>
internal sealed record ReadmeCommand(
    string Document,
    int Line,
    string Text,
    string? Variable,
    string? JqPath,
    string? StandardInput,
    IReadOnlyList<string> Expected,
    bool Background)
{
    public override string ToString() => $"{Document}:{Line}: {Text}";
}
