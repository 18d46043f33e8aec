using NetArchTest.Rules;

namespace Backend.ArchitectureTests;

/// <summary>
/// Dependencies point one way: services build on the platform and on the client packages; the
/// platform knows no service and no client package, and no service knows another.
/// </summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void PlatformProject_References_NoServiceAndNoClientProject()
    {
        var references = Layers.ProjectReferences("src/Backend.Platform/Backend.Platform.csproj");

        Assert.DoesNotContain(references, r => Layers.IsService(r) || Layers.IsClient(r));
    }

    [Fact]
    public void PlatformAssembly_References_NoServiceAndNoClientAssembly()
    {
        var references = Layers.Platform.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, r => Layers.IsService(r) || Layers.IsClient(r));
    }

    [Fact]
    public void PlatformTypes_DependOn_NoServiceAndNoClientNamespace()
    {
        var result = Types.InAssembly(Layers.Platform)
            .ShouldNot().HaveDependencyOnAny(["Backend.Users", "Backend.Orders", "Backend.Payments", "Backend.Client", "Backend.Host"])
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Theory]
    [MemberData(nameof(Layers.ServiceNames), MemberType = typeof(Layers))]
    public void ServiceProject_References_NoOtherServiceProject(string service)
    {
        var references = Layers.ProjectReferences($"src/Backend.{service}/Backend.{service}.csproj");

        Assert.DoesNotContain(references, Layers.IsService);
    }

    [Theory]
    [MemberData(nameof(Layers.ServiceNames), MemberType = typeof(Layers))]
    public void ServiceAssembly_References_NoOtherServiceAssembly(string service)
    {
        var references = Layers.Services[service].GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, Layers.IsService);
    }

    internal static string Failing(TestResult result) =>
        "These types break the rule: " + string.Join(", ", result.FailingTypeNames ?? []);
}
