using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Backend.Client.Tests;

/// <summary>
/// Compiles a README snippet as the Program.cs of a consumer's project: with the SDK's implicit
/// usings, nullable annotations on, the types the other snippets declare, and the assemblies a
/// consumer has. A snippet for a worker or console application gets no ASP.NET Core assembly.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    // What <ImplicitUsings>enable</ImplicitUsings> gives a Microsoft.NET.Sdk project.
    private static readonly SyntaxTree ImplicitUsings = CSharpSyntaxTree.ParseText(
        """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """,
        ParseOptions,
        path: "ImplicitUsings.cs");

    // As the SDK does: assembly version unification between the packages' references is expected.
    private static readonly Dictionary<string, ReportDiagnostic> SdkSuppressed = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    private static readonly Lazy<MetadataReference[]> RuntimeOnly = new(() => References(aspNetCore: false));
    private static readonly Lazy<MetadataReference[]> WithAspNetCore = new(() => References(aspNetCore: true));

    /// <summary>The errors and warnings of <paramref name="snippet"/>, compiled beside the types of <paramref name="all"/>.</summary>
    public static IReadOnlyList<Diagnostic> Compile(ReadmeSnippet snippet, IEnumerable<ReadmeSnippet> all)
    {
        var tree = Parse(snippet);
        var others = all
            .Where(other => other != snippet && (snippet.AspNetCore || !other.AspNetCore))
            .Select(other => TypesOnly(Parse(other)));
        var hasStatements = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree, .. others, ImplicitUsings],
            snippet.AspNetCore ? WithAspNetCore.Value : RuntimeOnly.Value,
            new CSharpCompilationOptions(
                hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: SdkSuppressed));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];
    }

    private static SyntaxTree Parse(ReadmeSnippet snippet) =>
        CSharpSyntaxTree.ParseText(snippet.Code, ParseOptions, path: snippet.ToString());

    // Another snippet's top-level statements are its own program; its types are shared.
    private static SyntaxTree TypesOnly(SyntaxTree tree)
    {
        var root = tree.GetCompilationUnitRoot();
        var types = root.RemoveNodes(root.Members.OfType<GlobalStatementSyntax>(), SyntaxRemoveOptions.KeepNoTrivia)!;
        return CSharpSyntaxTree.Create(types, ParseOptions, tree.FilePath);
    }

    // The assemblies this test runs with, the same the client packages bring a consumer, less the
    // server side unless the snippet is an ASP.NET Core service's.
    private static MetadataReference[] References(bool aspNetCore) =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => aspNetCore || !IsServerSide(Path.GetFileName(path)))
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    private static bool IsServerSide(string assembly) =>
        assembly.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
        || assembly.StartsWith("Grpc.AspNetCore.", StringComparison.Ordinal)
        || assembly.StartsWith("Backend.Client.AspNetCore.", StringComparison.Ordinal);
}
