using System.Reflection;
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
/// </summary>
internal sealed class FieldBehaviorSchemaFilter(ContractDescriptors contract) : ISchemaFilter
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
            if (behaviours.Contains(FieldBehavior.Required))
            {
                schema.Required.Add(field.JsonName);
            }

            if (behaviours.Contains(FieldBehavior.OutputOnly))
            {
                property.ReadOnly = true;
            }
        }
    }

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Nested).Prepend(message);
}
