using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class AuthenticateRequestValidator : IRequestValidator<AuthenticateRequest>
{
    public void Validate(AuthenticateRequest request, ValidationErrors errors)
    {
        errors.Require(request.Email.Trim().Length > 0, "email", "is required");
        errors.Require(request.Password.Length > 0, "password", "is required");
    }
}
