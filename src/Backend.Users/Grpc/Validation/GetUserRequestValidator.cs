using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class GetUserRequestValidator : IRequestValidator<GetUserRequest>
{
    public void Validate(GetUserRequest request, ValidationErrors errors) => errors.RequireId("user_id", request.UserId);
}
