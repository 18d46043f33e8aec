namespace Backend.EndToEndTests;

/// <summary>One host instance behind the proxy: its server name there, its process, its gRPC and Prometheus addresses.</summary>
public sealed record ProxyInstance(string Name, int Pid, Uri Address, Uri Metrics);
