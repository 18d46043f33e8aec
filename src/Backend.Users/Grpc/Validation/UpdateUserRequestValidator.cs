using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class UpdateUserRequestValidator : IRequestValidator<UpdateUserRequest>
{
    public const string Email = "email";
    public const string DisplayName = "display_name";
    public const string Role = "role";

    private static readonly string[] Updatable = [Email, DisplayName, Role];

    public void Validate(UpdateUserRequest request, ValidationErrors errors)
    {
        // Every bad field at once: a missing user does not hide a missing mask.
        if (request.User is null)
        {
            errors.Add("user", "is required");
        }
        else
        {
            errors.RequireId("user.id", request.User.Id);
        }

        var paths = request.UpdateMask?.Paths ?? [];
        if (paths.Count == 0)
        {
            errors.Add("update_mask", "must name at least one of display_name, email, role");
        }

        foreach (var path in paths.Where(p => !Updatable.Contains(p)))
        {
            errors.Add("update_mask", $"'{path}' cannot be updated; updatable: display_name, email, role");
        }

        if (request.User is null)
        {
            return;
        }

        if (paths.Contains(Email))
        {
            UserFieldRules.Email(errors, "user.email", request.User.Email);
        }

        if (paths.Contains(DisplayName))
        {
            UserFieldRules.DisplayName(errors, "user.display_name", request.User.DisplayName);
        }

        if (paths.Contains(Role))
        {
            UserFieldRules.Role(errors, "user.role", request.User.Role, allowUnspecified: false);
        }
    }
}
