using System.Net;
using System.Net.Sockets;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Fixed host ports are a convenience (bookmarkable inbox); a port already taken must not stop the system.</summary>
public static class HostPorts
{
    /// <summary><paramref name="port"/> when nothing listens on it on loopback; null (a random port) otherwise.</summary>
    public static int? PreferredOrRandom(int port) => IsFree(port) ? port : null;

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
