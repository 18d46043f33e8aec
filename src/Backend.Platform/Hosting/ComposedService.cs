namespace Backend.Platform.Hosting;

/// <summary>A service the host composes, under the name <c>Host:Services</c> knows it by.</summary>
internal sealed record ComposedService(string Name);
