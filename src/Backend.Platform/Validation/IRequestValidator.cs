namespace Backend.Platform.Validation;

/// <summary>
/// Checks one request type before its handler runs. Report every problem, not only the first:
/// the caller fixes them all in one go.
/// </summary>
public interface IRequestValidator<in TRequest>
{
    void Validate(TRequest request, ValidationErrors errors);
}
