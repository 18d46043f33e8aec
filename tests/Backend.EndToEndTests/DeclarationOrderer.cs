using Xunit.Abstractions;
using Xunit.Sdk;

namespace Backend.EndToEndTests;

/// <summary>
/// Runs a class's tests in the order they are declared, for a class whose later tests change a
/// shared set-up (stopping an instance) that earlier ones need intact.
/// </summary>
public sealed class DeclarationOrderer : ITestCaseOrderer
{
    public const string Name = "Backend.EndToEndTests.DeclarationOrderer";

    public const string Assembly = "Backend.EndToEndTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(test => test.TestMethod.Method.ToRuntimeMethod().MetadataToken);
}
