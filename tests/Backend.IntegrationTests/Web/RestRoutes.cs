using System.Text.RegularExpressions;
using Backend.Testing;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Backend.IntegrationTests.Web;

/// <summary>The RPCs of the contract with the REST route their <c>google.api.http</c> annotation gives them.</summary>
internal static partial class RestRoutes
{
    /// <summary>Every RPC of every service, annotated or not, read from the descriptors.</summary>
    public static IEnumerable<MethodDescriptor> AllRpcs => Contract.Services.SelectMany(s => s.Methods);

    public static HttpRule? RuleOf(MethodDescriptor method) => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    /// <summary>The HTTP verb and the path as OpenAPI spells it: variables in lowerCamelCase.</summary>
    public static (string Verb, string Path) Of(HttpRule rule)
    {
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("get", rule.Get),
            HttpRule.PatternOneofCase.Post => ("post", rule.Post),
            HttpRule.PatternOneofCase.Put => ("put", rule.Put),
            HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
            HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
            _ => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
        };
        return (verb, Variable().Replace(template, m => "{" + string.Join('.', m.Groups[1].Value.Split('.').Select(CamelCase)) + "}"));
    }

    /// <summary>"<c>OrderService_GetOrder</c>".</summary>
    public static string OperationId(MethodDescriptor method) => $"{method.Service.Name}_{method.Name}";

    private static string CamelCase(string snake)
    {
        var words = snake.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    [GeneratedRegex(@"\{([a-z0-9_.]+)\}")]
    private static partial Regex Variable();
}
