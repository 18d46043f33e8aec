using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class RefreshSessionRequestValidator : IRequestValidator<RefreshSessionRequest>
{
    public void Validate(RefreshSessionRequest request, ValidationErrors errors) =>
        errors.Require(request.RefreshToken.Length > 0, "refresh_token", "is required");
}
