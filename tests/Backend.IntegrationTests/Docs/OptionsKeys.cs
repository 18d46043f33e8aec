using System.Globalization;
using System.Reflection;

namespace Backend.IntegrationTests.Docs;

/// <summary>
/// Reads, by reflection, the keys of the options classes the host binds from configuration: each
/// class that names its section in a <c>Section</c> constant (as every one bound with
/// <c>BindConfiguration</c> or <c>GetSection(...).Get&lt;T&gt;()</c> does), with every settable
/// property, nested option objects and dictionaries of them walked into.
/// </summary>
internal static class OptionsKeys
{
    public const string EntryName = "<name>";

    /// <summary>The host's own assemblies, where its options classes live.</summary>
    public static IReadOnlyList<Assembly> HostAssemblies { get; } =
        new[] { "Backend.Host", "Backend.Platform", "Backend.Users", "Backend.Orders", "Backend.Payments" }
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .ToArray();

    public static IReadOnlyList<System.Type> BoundTypes(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(a => a.GetTypes()).Where(t => SectionOf(t) is not null).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    public static string? SectionOf(System.Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    /// <summary>The keys of one bound type; a type without settable properties binds its section as one value.</summary>
    public static IEnumerable<OptionsKey> Of(System.Type type)
    {
        var section = SectionOf(type) ?? throw new ArgumentException($"{type} has no Section constant", nameof(type));
        if (Settable(type).Count == 0)
        {
            return [new OptionsKey(section, null, type)];
        }

        return Walk(section, type, CreateDefault(type));
    }

    /// <summary>The option types reachable from a bound type through its properties, itself included.</summary>
    public static IEnumerable<System.Type> Reachable(System.Type type) =>
        new[] { type }.Concat(Settable(type).Select(p => NestedType(p.PropertyType)).OfType<System.Type>().SelectMany(Reachable));

    private static IEnumerable<OptionsKey> Walk(string prefix, System.Type type, object? instance)
    {
        foreach (var property in Settable(type))
        {
            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            if (IsOptionObject(property.PropertyType))
            {
                foreach (var nested in Walk(key, property.PropertyType, value ?? CreateDefault(property.PropertyType)))
                {
                    yield return nested;
                }
            }
            else if (NestedType(property.PropertyType) is { } entryType)
            {
                foreach (var nested in Walk($"{key}:{EntryName}", entryType, CreateDefault(entryType)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new OptionsKey(key, Format(value), type);
            }
        }
    }

    private static List<PropertyInfo> Settable(System.Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).ToList();

    /// <summary>An option object's type, or the entry type of a dictionary of option objects.</summary>
    private static System.Type? NestedType(System.Type type) =>
        IsOptionObject(type) ? type
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && IsOptionObject(i.GetGenericArguments()[1]))
            ?.GetGenericArguments()[1];

    private static bool IsOptionObject(System.Type type) =>
        type.IsClass && type != typeof(string) && type.Assembly.GetName().Name?.StartsWith("Backend.", StringComparison.Ordinal) == true;

    private static object? CreateDefault(System.Type type) =>
        type.GetConstructor(System.Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum member => member.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
