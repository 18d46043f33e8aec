using System.Reflection;
using System.Text.RegularExpressions;
using Backend.Orders.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Client.Tests;

/// <summary>clients/README.md shows every public entry point of the client libraries in C# that compiles.</summary>
public sealed class ReadmeSnippetsTests
{
    private static readonly IReadOnlyList<ReadmeSnippet> Snippets = ReadmeSnippet.Read(Repository.PathOf("clients", "README.md"));

    public static TheoryData<int> SnippetLines()
    {
        var lines = new TheoryData<int>();
        foreach (var snippet in Snippets)
        {
            lines.Add(snippet.Line);
        }

        return lines;
    }

    [Theory]
    [MemberData(nameof(SnippetLines))]
    public void Snippet_Compiled_HasNoErrorsOrWarnings(int line)
    {
        var snippet = Snippets.Single(s => s.Line == line);

        var problems = SnippetCompiler.Compile(snippet, Snippets);

        Assert.True(problems.Count == 0, $"{snippet}:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Readme_Snippets_CoverWorkersAndAspNetCoreServices()
    {
        Assert.Contains(Snippets, s => s.AspNetCore);
        Assert.True(Snippets.Count(s => !s.AspNetCore) >= 5, $"Only {Snippets.Count} snippets were found.");
    }

    [Fact]
    public void Readme_EveryPublicEntryPoint_AppearsInACompiledSnippet()
    {
        var code = string.Join('\n', Snippets.Select(s => s.Code));
        var missing = EntryPoints().Where(name => !Regex.IsMatch(code, $@"\b{name}\b")).ToList();

        Assert.True(missing.Count == 0, "Not shown in any snippet of clients/README.md: " + string.Join(", ", missing));
    }

    // The hand-written public API: registrations, options, the token hook and the watch helper;
    // the generated messages and clients (namespaces Backend.*.V1) document themselves.
    private static IEnumerable<string> EntryPoints()
    {
        Assembly[] libraries =
        [
            typeof(BackendClientOptions).Assembly,
            typeof(CallContextPropagationExtensions).Assembly,
            typeof(UserServiceClientRegistration).Assembly,
            typeof(OrderWatchOptions).Assembly,
            typeof(PaymentServiceClientRegistration).Assembly,
        ];
        var generated = new Regex(@"^Backend\.\w+\.V1$");
        foreach (var type in libraries.SelectMany(a => a.GetExportedTypes()).Where(t => !generated.IsMatch(t.Namespace ?? "")))
        {
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            if (!(type.IsAbstract && type.IsSealed))
            {
                yield return type.Name;
            }

            foreach (var member in type.GetMembers(Declared).Where(m => m is PropertyInfo || m is MethodInfo { IsSpecialName: false }))
            {
                yield return member.Name;
            }
        }
    }
}
