using Backend.Platform.Validation;
using Backend.Users.Domain;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class ChangePasswordRequestValidator : IRequestValidator<ChangePasswordRequest>
{
    public void Validate(ChangePasswordRequest request, ValidationErrors errors)
    {
        errors.RequireId("user_id", request.UserId);
        if (UserRules.PasswordProblem(request.NewPassword) is { } problem)
        {
            errors.Add("new_password", problem);
        }
    }
}
