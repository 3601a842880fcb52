using System.Net;
using System.Net.Sockets;
using System.Text;
using StoreAlerts.Testing;

namespace StoreAlerts.Faults.Tests;

/// <summary>
/// Stands in front of MailDev: while <see cref="Refusal"/> is set, each new connection is answered by this proxy, which
/// greets and then refuses every mail with that reply (a 4xx "try later" or a 5xx "rejected"); otherwise the connection is
/// piped to MailDev unchanged, so what is accepted is really delivered and can be read back.
/// </summary>
public sealed class SmtpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, FreePort.Next());
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refused;

    public SmtpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string ConnectionString => $"Endpoint=smtp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private volatile string? _refusal;
    private CancellationTokenSource _forwards = new();

    /// <summary>
    /// The reply to MAIL FROM, e.g. <c>451 4.3.0 Try again later</c>; null forwards to MailDev. Setting it drops the
    /// connections being forwarded, as a server that changes its mind would, so the next mail meets the new answer.
    /// </summary>
    public string? Refusal
    {
        get => _refusal;
        set
        {
            _refusal = value;
            var previous = Interlocked.Exchange(ref _forwards, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
        }
    }

    /// <summary>How many mails this proxy refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Refusal is { } refusal ? RefuseAsync(client, refusal) : ForwardAsync(client);
        }
    }

    private async Task RefuseAsync(TcpClient client, string refusal)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 fault-proxy ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO" or "HELO" or "RSET" or "NOOP":
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        case "MAIL":
                            Interlocked.Increment(ref _refused);
                            await writer.WriteLineAsync(refusal);
                            break;
                        default:
                            await writer.WriteLineAsync("503 5.5.1 Bad sequence of commands");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up: nothing to clean but the socket.
            }
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _forwards.Token);
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, cancel.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), cancel.Token);
                var down = server.GetStream().CopyToAsync(client.GetStream(), cancel.Token);
                await Task.WhenAny(up, down, Task.Delay(Timeout.Infinite, cancel.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side hung up.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        _forwards.Dispose();
    }
}
