using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Backend.LoadTool.Wire;

/// <summary>
/// One HTTP/2 connection (cleartext, prior knowledge) making unary and server-streaming gRPC
/// calls, written for the load tool: the generated client's stack (SocketsHttpHandler,
/// Grpc.Net.Client) spends 20-50 µs of CPU per call, which on the server's own two cores is taken
/// from the server being measured. Here a call is one socket write (HEADERS and DATA together),
/// and answers are read by the <see cref="WireLoop"/> thread that serves every connection of the
/// tool: answers that arrive together are read in one wake-up, and the calls they start are
/// written together. The protocol is kept: settings, flow control both ways, the server's stream
/// limit, HPACK with a dynamic table, pings and GOAWAY.
/// </summary>
internal sealed class WireConnection : IDisposable
{
    private const int FrameHeaderLength = 9;
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;

    // The receive windows are opened wide once: the tool reads as fast as it can anyway.
    private const int ReceiveWindow = int.MaxValue;

    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    private readonly Socket _socket;
    private readonly string _authority;
    private readonly object _gate = new();
    private readonly Dictionary<int, WireCall> _open = [];
    private readonly Queue<WireCall> _waiting = new();
    private readonly Dictionary<WireTarget, (byte[] Block, int Version)> _blocks = [];
    private readonly HpackDecoder _decoder = new();
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WireLoop _loop;
    private byte[] _input = new byte[1 << 16];
    private int _filled;
    private readonly List<byte> _headerBlock = [];
    private HpackEncoder _encoder = new(4096);
    private byte[] _output = new byte[4096];
    private int _outputLength;
    private int _nextStreamId = 1;
    private int _maxConcurrentStreams = 100;
    private int _maxFrameSize = 16384;
    private long _sendWindow = 65535;
    private long _received;
    private int _headersStream;
    private string? _closed;

    private WireConnection(Socket socket, string authority, WireLoop loop)
    {
        _socket = socket;
        _authority = authority;
        _loop = loop;
    }

    internal Socket Socket => _socket;

    public WireLoop Loop => _loop;

    /// <summary>Connects, joins the loop that will read it and exchanges settings.</summary>
    public static async Task<WireConnection> OpenAsync(Uri address, WireLoop loop, CancellationToken cancellationToken = default)
    {
        if (address.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"the load tool speaks cleartext HTTP/2 only, not {address.Scheme}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Connected synchronously: a socket that has seen one asynchronous operation stays
        // non-blocking, and .NET then emulates blocking reads with a hand-off through its event
        // loop thread, which costs a thread wake-up per read.
        socket.Connect(address.Host, address.Port);
        socket.Blocking = false;
        var connection = new WireConnection(socket, address.Authority, loop);
        lock (connection._gate)
        {
            connection.Append(Preface);
            // SETTINGS: ENABLE_PUSH 0, INITIAL_WINDOW_SIZE wide open; then the connection's window.
            connection.AppendFrameHeader(12, Settings, 0, 0);
            connection.AppendSetting(0x2, 0);
            connection.AppendSetting(0x4, ReceiveWindow);
            connection.AppendWindowUpdate(0, ReceiveWindow - 65535);
            connection.FlushLocked();
        }

        loop.Add(connection);
        await connection._settled.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return connection;
    }

    public bool IsClosed => Volatile.Read(ref _closed) is not null;

    /// <summary>The streams the server lets this connection have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public int MaxConcurrentStreams
    {
        get
        {
            lock (_gate)
            {
                return _maxConcurrentStreams;
            }
        }
    }

    /// <summary>
    /// Starts a call; its completion runs on the loop's thread (or at once if the connection is
    /// closed). Started on the loop's thread, it is written with the loop's next flush; from any
    /// other thread, at once. Calls beyond the server's stream limit or send window wait their turn.
    /// </summary>
    public void Start(WireCall call)
    {
        call.Reset();
        string? failure;
        lock (_gate)
        {
            failure = _closed;
            if (failure is null)
            {
                if (_open.Count >= _maxConcurrentStreams || _sendWindow < call.Request.Length || _waiting.Count > 0)
                {
                    _waiting.Enqueue(call);
                }
                else
                {
                    WriteCallLocked(call);
                    if (!_loop.IsCurrentThread)
                    {
                        FlushLocked();
                    }
                }

                return;
            }
        }

        call.Complete(failure);
    }

    public void Dispose()
    {
        Close("Unavailable (connection closed by the tool)");
        _socket.Dispose();
    }

    private void WriteCallLocked(WireCall call)
    {
        if (_nextStreamId < 0)
        {
            throw new InvalidOperationException("the connection's stream ids are used up");
        }

        var streamId = _nextStreamId;
        _nextStreamId += 2;
        _open[streamId] = call;
        var block = HeaderBlockLocked(call.Target);
        AppendFrameHeader(block.Length, Headers, EndHeaders, streamId);
        Append(block);
        var request = call.Request.Span;
        do
        {
            var chunk = Math.Min(request.Length, _maxFrameSize);
            AppendFrameHeader(chunk, Data, chunk == request.Length ? EndStream : (byte)0, streamId);
            Append(request[..chunk]);
            request = request[chunk..];
        }
        while (!request.IsEmpty);

        _sendWindow -= call.Request.Length;
    }

    private byte[] HeaderBlockLocked(WireTarget target)
    {
        if (_blocks.TryGetValue(target, out var cached) && cached.Version == _encoder.Version)
        {
            return cached.Block;
        }

        List<(string, string)> headers =
        [
            (":method", "POST"), (":scheme", "http"), (":path", target.Path), (":authority", _authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "backend-loadtool"),
        ];
        if (target.Authorization is { } authorization)
        {
            headers.Add(("authorization", authorization));
        }

        var before = _encoder.Version;
        var block = _encoder.Encode(headers);
        // A block that added entries to the server's table must not be sent twice.
        _blocks[target] = (block, before == _encoder.Version ? before : -1);
        return block;
    }

    /// <summary>Reads what has arrived, on the loop's thread; completions run here too.</summary>
    internal void ReceiveAvailable()
    {
        try
        {
            while (true)
            {
                var read = _socket.Receive(_input.AsSpan(_filled), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                if (read == 0)
                {
                    Close("Unavailable (the server closed the connection)");
                    return;
                }

                _filled += read;
                var consumed = 0;
                List<WireCall>? completed = null;
                lock (_gate)
                {
                    while (_filled - consumed >= FrameHeaderLength)
                    {
                        var header = _input.AsSpan(consumed, FrameHeaderLength);
                        var length = (header[0] << 16) | (header[1] << 8) | header[2];
                        if (_filled - consumed < FrameHeaderLength + length)
                        {
                            if (FrameHeaderLength + length > _input.Length)
                            {
                                Array.Resize(ref _input, FrameHeaderLength + length);
                            }

                            break;
                        }

                        var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7fffffff);
                        HandleFrameLocked(header[3], header[4], streamId, _input.AsSpan(consumed + FrameHeaderLength, length), ref completed);
                        consumed += FrameHeaderLength + length;
                    }

                    _input.AsSpan(consumed, _filled - consumed).CopyTo(_input);
                    _filled -= consumed;
                }

                // Completions may start the next calls: the loop writes them together, once.
                if (completed is not null)
                {
                    foreach (var call in completed)
                    {
                        call.Complete();
                    }
                }

                lock (_gate)
                {
                    StartWaitingLocked();
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or InvalidDataException or NotSupportedException)
        {
            Close($"Unavailable ({error.Message})");
        }
    }

    /// <summary>Writes what the loop's thread has queued.</summary>
    internal void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void HandleFrameLocked(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload, ref List<WireCall>? completed)
    {
        switch (type)
        {
            case Data:
                _received += payload.Length;
                if (_open.TryGetValue(streamId, out var reading))
                {
                    var data = Unpadded(flags, payload);
                    reading.ResponseBytes += data.Length;
                    reading.Messages?.Add(data);
                    if ((flags & EndStream) != 0)
                    {
                        Finish(streamId, ref completed);
                    }
                    else if ((reading.Unacknowledged += payload.Length) > ReceiveWindow / 2)
                    {
                        // A stream that lives long enough to receive half its window gets it back.
                        AppendWindowUpdate(streamId, (int)reading.Unacknowledged);
                        reading.Unacknowledged = 0;
                    }
                }

                if (_received > ReceiveWindow / 2)
                {
                    AppendWindowUpdate(0, (int)_received);
                    _received = 0;
                }

                break;
            case Headers:
                var block = Unpadded(flags, payload);
                if ((flags & Priority) != 0)
                {
                    block = block[5..];
                }

                _headersStream = streamId;
                _headerBlock.Clear();
                _headerBlock.AddRange(block);
                if ((flags & EndHeaders) != 0)
                {
                    HeaderBlockDoneLocked((flags & EndStream) != 0, ref completed);
                }
                else if ((flags & EndStream) != 0)
                {
                    _headersStream = -streamId;
                }

                break;
            case Continuation:
                _headerBlock.AddRange(payload);
                if ((flags & EndHeaders) != 0)
                {
                    var ends = _headersStream < 0;
                    _headersStream = Math.Abs(_headersStream);
                    HeaderBlockDoneLocked(ends, ref completed);
                }

                break;
            case RstStream:
                if (_open.TryGetValue(streamId, out var reset))
                {
                    var code = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    reset.GrpcStatus = code switch { 0x7 => (int)Grpc.Core.StatusCode.Unavailable, 0x8 => (int)Grpc.Core.StatusCode.Cancelled, _ => (int)Grpc.Core.StatusCode.Internal };
                    Finish(streamId, ref completed);
                }

                break;
            case Settings when (flags & Ack) == 0:
                for (var i = 0; i + 6 <= payload.Length; i += 6)
                {
                    var value = (int)BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                    switch (BinaryPrimitives.ReadUInt16BigEndian(payload[i..]))
                    {
                        case 0x1:
                            _encoder = new HpackEncoder(Math.Min(value, 4096));
                            _blocks.Clear();
                            break;
                        case 0x3:
                            _maxConcurrentStreams = value;
                            break;
                        case 0x5:
                            _maxFrameSize = value;
                            break;
                    }
                }

                AppendFrameHeader(0, Settings, Ack, 0);
                _settled.TrySetResult();
                break;
            case Ping when (flags & Ack) == 0:
                AppendFrameHeader(8, Ping, Ack, 0);
                Append(payload);
                break;
            case GoAway:
                _closed ??= "Unavailable (GOAWAY from the server)";
                // Streams above the last one the server processed never will be; those below may still finish.
                var last = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff);
                foreach (var unprocessed in _open.Keys.Where(id => id > last).ToList())
                {
                    _open[unprocessed].GrpcStatus = (int)Grpc.Core.StatusCode.Unavailable;
                    Finish(unprocessed, ref completed);
                }

                break;
            case WindowUpdate when streamId == 0:
                _sendWindow += BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff;
                break;
        }
    }

    private void HeaderBlockDoneLocked(bool endsStream, ref List<WireCall>? completed)
    {
        _open.TryGetValue(_headersStream, out var call);
        _decoder.Decode<WireCall?>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_headerBlock), call, static (call, name, value) =>
        {
            if (call is null)
            {
                return;
            }

            if (name == ":status")
            {
                call.HttpStatus = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == "grpc-status")
            {
                call.GrpcStatus = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        if (endsStream)
        {
            Finish(_headersStream, ref completed);
        }
    }

    private void Finish(int streamId, ref List<WireCall>? completed)
    {
        if (_open.Remove(streamId, out var call))
        {
            (completed ??= []).Add(call);
        }
    }

    private void StartWaitingLocked()
    {
        while (_closed is null && _waiting.Count > 0 && _open.Count < _maxConcurrentStreams && _sendWindow >= _waiting.Peek().Request.Length)
        {
            WriteCallLocked(_waiting.Dequeue());
        }
    }

    private void Close(string reason)
    {
        List<WireCall> failed;
        lock (_gate)
        {
            _closed ??= reason;
            failed = [.. _open.Values, .. _waiting];
            _open.Clear();
            _waiting.Clear();
        }

        _settled.TrySetException(new IOException(reason));
        foreach (var call in failed)
        {
            call.Complete(reason);
        }
    }

    private static ReadOnlySpan<byte> Unpadded(byte flags, ReadOnlySpan<byte> payload) =>
        (flags & Padded) == 0 ? payload : payload[1..(payload.Length - payload[0])];

    private void AppendFrameHeader(int length, byte type, byte flags, int streamId)
    {
        Span<byte> header = stackalloc byte[FrameHeaderLength];
        header[0] = (byte)(length >> 16);
        header[1] = (byte)(length >> 8);
        header[2] = (byte)length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(header[5..], streamId);
        Append(header);
    }

    private void AppendSetting(ushort id, int value)
    {
        Span<byte> setting = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(setting, id);
        BinaryPrimitives.WriteInt32BigEndian(setting[2..], value);
        Append(setting);
    }

    private void AppendWindowUpdate(int streamId, int increment)
    {
        AppendFrameHeader(4, WindowUpdate, 0, streamId);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(value, increment);
        Append(value);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_outputLength + bytes.Length > _output.Length)
        {
            Array.Resize(ref _output, Math.Max(_output.Length * 2, _outputLength + bytes.Length));
        }

        bytes.CopyTo(_output.AsSpan(_outputLength));
        _outputLength += bytes.Length;
    }

    private void FlushLocked()
    {
        var sent = 0;
        try
        {
            while (sent < _outputLength)
            {
                var wrote = _socket.Send(_output.AsSpan(sent, _outputLength - sent), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    // The server is not reading fast enough: wait for room rather than grow a backlog.
                    _socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectWrite);
                }
                else if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                sent += wrote;
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            _closed ??= $"Unavailable ({error.Message})";
        }

        _outputLength = 0;
    }
}
