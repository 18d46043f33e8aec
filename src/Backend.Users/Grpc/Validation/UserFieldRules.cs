using Backend.Platform.Validation;
using Backend.Users.Domain;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

/// <summary>Field checks shared by the user requests.</summary>
internal static class UserFieldRules
{
    public static void Email(ValidationErrors errors, string field, string value) =>
        Report(errors, field, EmailAddress.Problem(EmailAddress.Normalize(value)));

    public static void DisplayName(ValidationErrors errors, string field, string value) =>
        Report(errors, field, UserRules.DisplayNameProblem(UserRules.NormalizeDisplayName(value)));

    public static void Role(ValidationErrors errors, string field, Role value, bool allowUnspecified) =>
        errors.Require(
            Enum.IsDefined(value) && (allowUnspecified || value != V1.Role.Unspecified),
            field,
            "must be ROLE_USER, ROLE_ADMIN or ROLE_SERVICE");

    private static void Report(ValidationErrors errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(field, problem);
        }
    }
}
