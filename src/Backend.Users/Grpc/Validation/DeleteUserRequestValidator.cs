using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class DeleteUserRequestValidator : IRequestValidator<DeleteUserRequest>
{
    public void Validate(DeleteUserRequest request, ValidationErrors errors) => errors.RequireId("user_id", request.UserId);
}
