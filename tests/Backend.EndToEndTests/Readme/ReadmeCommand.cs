namespace Backend.EndToEndTests.Readme;

/// <summary>
/// One command of a shell block in README.md, with what the README says it prints.
/// </summary>
/// <param name="Line">The line of README.md the command starts on.</param>
/// <param name="Text">The command, continuation lines joined, variables not yet expanded.</param>
/// <param name="Variable">For <c>NAME=$(grpcurl ... | jq -r PATH)</c>: NAME.</param>
/// <param name="JqPath">For such a capture: PATH.</param>
/// <param name="StandardInput">The body of a here-document, for <c>-d @</c>.</param>
/// <param name="Expected">The comment lines right under the command, without their <c>#</c>.</param>
/// <param name="Background">Whether the command ends with <c>&amp;</c> and runs beside the following ones.</param>
internal sealed record ReadmeCommand(
    int Line,
    string Text,
    string? Variable,
    string? JqPath,
    string? StandardInput,
    IReadOnlyList<string> Expected,
    bool Background)
{
    public override string ToString() => $"README.md:{Line}: {Text}";
}
