using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Backend.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Backend.EndToEndTests;

/// <summary>
/// The host as a user starts it: <c>dotnet run --project src/Backend.Host</c> (without building
/// again), as its own process, on a free loopback port, over real HTTP/2 cleartext.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private string _metricsUrl = "";
    private bool _direct;
    private bool _disposed;

    private HostProcess(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        // Like `grpcurl -insecure`: any certificate is accepted, so a self-signed one works.
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
                EnableMultipleHttp2Connections = true,
            },
        });
    }

    /// <summary>How long a host may take to become healthy: <see cref="TestTime.HostStart"/>.</summary>
    public static TimeSpan StartTimeout => TestTime.HostStart;

    public static string RepositoryRoot { get; } = typeof(HostProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string Configuration { get; } =
        typeof(HostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    public Uri Address { get; }

    /// <summary>The Prometheus endpoint of this host.</summary>
    public Uri MetricsAddress => new(_metricsUrl + "/metrics");

    public string DataDirectory { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the host and waits until every service answers SERVING.
    /// </summary>
    /// <param name="environment">Extra environment variables (configuration).</param>
    /// <param name="urlsFromEnvironment">Pass the address as ASPNETCORE_URLS instead of --urls.</param>
    /// <param name="dataDirectory">The data directory; a new temporary one when null.</param>
    /// <param name="port">The loopback port; a free one when null.</param>
    /// <param name="direct">Start the built host directly instead of through <c>dotnet run</c>.</param>
    /// <param name="scheme"><c>https</c> to listen with TLS (give a certificate in <paramref name="environment"/>).</param>
    /// <param name="startTimeout">How long it may take to become healthy; <see cref="StartTimeout"/> when null.</param>
    /// <exception cref="HostStartException">
    /// It exited or did not become healthy in time; it is killed, with every process it started,
    /// and the exception carries everything it wrote.
    /// </exception>
    public static async Task<HostProcess> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null, bool urlsFromEnvironment = false, string? dataDirectory = null, int? port = null,
        bool direct = false, string scheme = "http", TimeSpan? startTimeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(environment, urlsFromEnvironment, dataDirectory, port, direct, scheme, startTimeout ?? StartTimeout);
            }
            catch (HostStartException error) when (
                port is null && attempt < 3 && error.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                // A port found free was taken before the host bound it, by another process or an
                // outgoing connection: try new ones. A port the caller gave is the caller's.
            }
        }
    }

    private static async Task<HostProcess> StartOnceAsync(
        IReadOnlyDictionary<string, string>? environment, bool urlsFromEnvironment, string? dataDirectory, int? port, bool direct, string scheme,
        TimeSpan startTimeout)
    {
        port ??= FreePort();
        var address = new Uri($"{scheme}://127.0.0.1:{port}");
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (direct)
        {
            // The built host itself, without `dotnet run` in between, so that signals reach it.
            start.WorkingDirectory = Path.Combine(RepositoryRoot, "src", "Backend.Host", "bin", Configuration, "net10.0");
            start.ArgumentList.Add("Backend.Host.dll");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        }
        else
        {
            foreach (var argument in new[] { "run", "--no-build", "-c", Configuration, "--project", "src/Backend.Host" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        if (urlsFromEnvironment)
        {
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
        }
        else
        {
            if (!direct)
            {
                start.ArgumentList.Add("--");
            }

            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(address.ToString());
        }

        start.Environment["Data__Directory"] = dataDirectory;
        start.Environment["Telemetry__MetricsUrl"] = $"http://127.0.0.1:{FreePort()}";
        // Every test process calls from loopback: a sign-in budget for all of their sign-ups.
        start.Environment["RateLimiting__Anonymous__PermitsPerMinute"] = "100000";
        start.Environment["Users__PasswordHashing__QueueLimit"] = "1000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, address, dataDirectory) { _metricsUrl = start.Environment["Telemetry__MetricsUrl"]!, _direct = direct };
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilServingAsync(startTimeout);
        }
        catch (Exception error)
        {
            // A host that never became healthy must not outlive the failed test: it goes, with
            // every process it started, before its output (complete now) goes into the failure.
            await host.DisposeAsync();
            throw new HostStartException(error is TimeoutException
                ? $"The host did not become healthy within {startTimeout} ({TestTime.ScaleVariable}={TestTime.Scale}); it was killed. Its output:\n{host.Output}"
                : $"The host did not start ({error.Message}); nothing of it is left running. Its output:\n{host.Output}", error);
        }

        return host;
    }

    /// <summary>Sends SIGTERM, as an orchestrator does.</summary>
    public async Task SendTerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>The process id of the host (of <c>dotnet run</c> unless started directly).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kills the process at once (SIGKILL), with no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Started directly, the host is the process itself: no tree to walk first.
            _process.Kill(entireProcessTree: !_direct);
        }

        // Also reads what it wrote to the end, so that Output is complete.
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestTime.Scaled(TimeSpan.FromSeconds(30)));
        }
        catch (TimeoutException)
        {
            // Something it started still holds its output open; the process itself has ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        Channel.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"it exited with code {_process.ExitCode}");
            }

            try
            {
                // A host that is not listening yet refuses at once; one that is gets until the
                // end of the wait to answer, as its first answer (JIT, database models) can take
                // long on a busy machine, and a call cut short would only start that work again.
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: until);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // Not listening yet, or not healthy yet: the deadline below decides.
            }

            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"The host did not become healthy within {timeout}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A loopback port free now and not handed out before in this run: the system may offer a
    /// port again once its probe is closed, and hosts started side by side each take two.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static readonly HashSet<int> HandedOut = [];

}
