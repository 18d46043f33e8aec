using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class AuthenticateClientRequestValidator : IRequestValidator<AuthenticateClientRequest>
{
    public void Validate(AuthenticateClientRequest request, ValidationErrors errors)
    {
        errors.Require(request.ClientId.Length > 0, "client_id", "is required");
        errors.Require(request.ClientSecret.Length > 0, "client_secret", "is required");
    }
}
