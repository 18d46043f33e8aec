using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Backend.Platform.Web;

/// <summary>
/// The OpenAPI document of the REST surface, generated from the contract: the proto comments
/// (carried into the generated code's XML documentation) as descriptions, the bearer scheme,
/// and each operation named <c>Service_Method</c> after its RPC, as grpc-gateway names them.
/// </summary>
internal static class OpenApiDocumentSetup
{
    public const string DocumentName = "v1";
    public const string RouteTemplate = "openapi/{documentName}.json";
    private const string BearerScheme = "bearer";

    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc(DocumentName, new OpenApiInfo
        {
            Title = "Backend",
            Version = DocumentName,
            Description = "The users, orders and payments services of the Backend platform over REST/JSON, "
                + "transcoded from the gRPC contract: every operation is the RPC its id names.",
        });
        // The messages' comments are in the client libraries' docs, the RPCs' in each service's
        // (which generates its own server stubs).
        foreach (var comments in Directory.EnumerateFiles(AppContext.BaseDirectory, "Backend.*.xml"))
        {
            options.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
        }

        options.CustomOperationIds(OperationId);
        options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = BearerScheme,
            BearerFormat = "JWT",
            Description = "The access token from UserService.Authenticate (POST /v1/users:authenticate).",
        });
        options.OperationFilter<BearerRequirementFilter>();
        options.SchemaFilter<FieldBehaviorSchemaFilter>();
    }

    /// <summary><c>OrderService_GetOrder</c> for backend.orders.v1.OrderService.GetOrder.</summary>
    public static string? OperationId(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<GrpcMethodMetadata>().FirstOrDefault()?.Method is { } method
            ? $"{method.ServiceName[(method.ServiceName.LastIndexOf('.') + 1)..]}_{method.Name}"
            : null;

    /// <summary>Every operation needs a bearer token but those open to anyone (sign-up, sign-in).</summary>
    private sealed class BearerRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var scheme = new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerScheme } };
            operation.Security.Add(new OpenApiSecurityRequirement { [scheme] = [] });
        }
    }
}
