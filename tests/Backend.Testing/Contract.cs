using Google.Protobuf.Reflection;

namespace Backend.Testing;

/// <summary>The contract's services as compiled into the client libraries.</summary>
public static class Contract
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        Users.V1.UserService.Descriptor,
        Orders.V1.OrderService.Descriptor,
        Payments.V1.PaymentService.Descriptor,
    ];

    public static IReadOnlyList<FileDescriptor> Files { get; } =
    [
        Type.V1.MoneyReflection.Descriptor,
        Users.V1.UserReflection.Descriptor,
        Users.V1.UserServiceReflection.Descriptor,
        Orders.V1.OrderReflection.Descriptor,
        Orders.V1.OrderServiceReflection.Descriptor,
        Payments.V1.PaymentReflection.Descriptor,
        Payments.V1.PaymentServiceReflection.Descriptor,
        Grpc.Health.V1.HealthReflection.Descriptor,
    ];

    /// <summary>Finds a method by its full name, <c>package.Service/Method</c> or <c>package.Service.Method</c>.</summary>
    public static MethodDescriptor? FindMethod(string fullName)
    {
        var separator = fullName.LastIndexOfAny(['/', '.']);
        if (separator < 0)
        {
            return null;
        }

        var serviceName = fullName[..separator];
        var methodName = fullName[(separator + 1)..];
        return Files
            .SelectMany(f => f.Services)
            .FirstOrDefault(s => s.FullName == serviceName)
            ?.FindMethodByName(methodName);
    }
}
