using System.Text;
using System.Text.Json.Nodes;
using Backend.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Backend.EndToEndTests.Readme;

/// <summary>
/// Reads a request's JSON the way grpcurl does, where it differs from the canonical protobuf JSON
/// mapping. grpcurl reads a <c>google.protobuf.FieldMask</c> only as an object,
/// <c>{"paths": ["display_name"]}</c>, whose paths go on the wire as written, and refuses the
/// canonical string form (<c>"displayName"</c>) with an error (fullstorydev/grpcurl#393).
/// </summary>
internal static class GrpcurlJson
{
    public static IMessage ParseRequest(MethodDescriptor method, string json)
    {
        var node = JsonNode.Parse(json) ?? throw new GrpcurlRefusalException("the request data is JSON null");
        Rewrite(node, method.InputType);
        return DynamicCall.ParseRequest(method, node.ToJsonString());
    }

    // Turns each FieldMask object into the canonical string that the protobuf parser reads back
    // into the same paths, and refuses what grpcurl refuses.
    private static void Rewrite(JsonNode node, MessageDescriptor message)
    {
        if (node is not JsonObject fields)
        {
            return;
        }

        foreach (var (name, value) in fields.ToList())
        {
            var field = message.Fields.InDeclarationOrder()
                .FirstOrDefault(f => f.Name == name || f.JsonName == name);
            if (field is null || value is null || field.FieldType != FieldType.Message)
            {
                continue;
            }

            if (field.MessageType.FullName == FieldMask.Descriptor.FullName)
            {
                fields[name] = CanonicalMask(field, value);
            }
            else if (field.IsRepeated && value is JsonArray items)
            {
                foreach (var item in items)
                {
                    Rewrite(item!, field.MessageType);
                }
            }
            else if (!field.IsMap)
            {
                Rewrite(value, field.MessageType);
            }
        }
    }

    private static string CanonicalMask(FieldDescriptor field, JsonNode value)
    {
        if (value is not JsonObject mask || mask["paths"] is not JsonArray paths)
        {
            throw new GrpcurlRefusalException(
                $"grpcurl reads {field.Name} (a google.protobuf.FieldMask) only as {{\"paths\": [...]}}, not as {value.ToJsonString()}");
        }

        return string.Join(',', paths.Select(p => LowerCamel(p!.GetValue<string>())));
    }

    // The canonical form spells each snake_case path in lowerCamelCase; a path that would not
    // come back unchanged from that spelling is sent by grpcurl as written, which this cannot show.
    private static string LowerCamel(string path)
    {
        var camel = new StringBuilder();
        var upper = false;
        foreach (var c in path)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            if (char.IsUpper(c))
            {
                throw new GrpcurlRefusalException($"the field mask path {path} is not a snake_case field name");
            }

            camel.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return camel.ToString();
    }
}

/// <summary>grpcurl would refuse this request before sending it.</summary>
internal sealed class GrpcurlRefusalException(string message) : Exception(message);
