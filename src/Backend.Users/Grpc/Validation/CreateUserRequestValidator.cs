using Backend.Platform.Validation;
using Backend.Users.Domain;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class CreateUserRequestValidator : IRequestValidator<CreateUserRequest>
{
    public void Validate(CreateUserRequest request, ValidationErrors errors)
    {
        UserFieldRules.Email(errors, "email", request.Email);
        UserFieldRules.DisplayName(errors, "display_name", request.DisplayName);
        if (UserRules.PasswordProblem(request.Password) is { } problem)
        {
            errors.Add("password", problem);
        }

        UserFieldRules.Role(errors, "role", request.Role, allowUnspecified: true);
    }
}
