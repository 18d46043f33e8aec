namespace Backend.EndToEndTests;

/// <summary>A host process that did not start: it has been killed, and the message carries its output.</summary>
public sealed class HostStartException(string message, Exception inner) : Exception(message, inner);
