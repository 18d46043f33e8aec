using System.Reflection;
using System.Text.RegularExpressions;
using Backend.Platform.Discovery;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Backend.Platform.Web;

/// <summary>
/// Carries what the contract says of each field into the OpenAPI schemas: its comment as the
/// description, <c>(google.api.field_behavior) = REQUIRED</c> as a required property and
/// <c>OUTPUT_ONLY</c> as read-only, so that generated REST clients see the rules gRPC ones do.
/// A required field its RPC's route carries (<c>/v1/orders/{order_id}</c>) is a required path
/// parameter instead, not a required property of the body.
/// </summary>
internal sealed partial class FieldBehaviorSchemaFilter(ContractDescriptors contract) : ISchemaFilter
{
    private readonly Dictionary<string, MessageDescriptor> _commented = contract.Files
        .SelectMany(f => f.MessageTypes.SelectMany(Nested))
        .ToDictionary(m => m.FullName, StringComparer.Ordinal);

    public void Apply(OpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(IMessage).IsAssignableFrom(context.Type)
            || context.Type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not MessageDescriptor message)
        {
            return;
        }

        _commented.TryGetValue(message.FullName, out var commented);
        var inRoute = RouteFields(message);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (!schema.Properties.TryGetValue(field.JsonName, out var property))
            {
                continue;
            }

            if (commented?.FindFieldByNumber(field.FieldNumber)?.Declaration?.LeadingComments is { Length: > 0 } comment)
            {
                property.Description = comment.Trim().ReplaceLineEndings(" ");
            }

            var behaviours = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];
            if (behaviours.Contains(FieldBehavior.Required) && !inRoute.Contains(field.Name))
            {
                schema.Required.Add(field.JsonName);
            }

            if (behaviours.Contains(FieldBehavior.OutputOnly))
            {
                property.ReadOnly = true;
            }
        }
    }

    /// <summary>The top-level fields of a request message bound from its RPC's route.</summary>
    private static HashSet<string> RouteFields(MessageDescriptor request) => request.File.Services
        .SelectMany(s => s.Methods)
        .Where(m => m.InputType == request)
        .Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
        .OfType<HttpRule>()
        .SelectMany(r => RouteVariable().Matches(r.Get + r.Put + r.Post + r.Delete + r.Patch + r.Custom?.Path).Select(v => v.Groups[1].Value))
        .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([a-z0-9_]+)[}.=]")]
    private static partial Regex RouteVariable();

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Nested).Prepend(message);
}
