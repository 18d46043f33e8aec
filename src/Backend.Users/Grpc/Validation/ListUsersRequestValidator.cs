using Backend.Platform.Validation;
using Backend.Users.V1;

namespace Backend.Users.Grpc;

internal sealed class ListUsersRequestValidator : IRequestValidator<ListUsersRequest>
{
    public void Validate(ListUsersRequest request, ValidationErrors errors) =>
        errors.Require(request.PageSize >= 0, "page_size", "must not be negative");
}
