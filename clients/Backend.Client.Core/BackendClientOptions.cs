namespace Backend.Client;

/// <summary>
/// Settings of one Backend client: where the service is and how calls behave by default.
/// </summary>
public sealed class BackendClientOptions
{
    /// <summary>
    /// The address of the host serving the service, for example <c>http://localhost:5000</c>.
    /// An <c>http</c> address speaks HTTP/2 cleartext.
    /// </summary>
    public Uri Address { get; set; } = new("http://localhost:5000");

    /// <summary>
    /// The deadline given to unary calls that carry none of their own. Streaming calls get no
    /// default deadline. A call made while handling an incoming gRPC call, by a client with
    /// <c>PropagateCallContext()</c> (Backend.Client.AspNetCore), gets the earlier of this and
    /// the incoming call's deadline.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times in all a safe call is attempted when the service is unavailable; 1 turns
    /// retries off.
    /// </summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// The longest wait between attempts to reconnect to a service that went away, so that calls
    /// flow again within seconds of its return.
    /// </summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest message the client receives, in bytes.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Whether a bearer token may be sent over cleartext <c>http</c> to an address that is not
    /// loopback. By default (<see langword="false"/>) such a call fails before anything is sent,
    /// because anyone on the network path could read the token and act as its holder; over
    /// <c>https</c>, or <c>http</c> to <c>localhost</c>, 127.0.0.0/8 or ::1, tokens are always sent.
    /// Set it only where the network itself is trusted, such as a private cluster network.
    /// </summary>
    public bool AllowInsecureCredentials { get; set; }
}
