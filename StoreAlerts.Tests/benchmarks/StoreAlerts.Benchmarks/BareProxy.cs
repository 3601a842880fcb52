using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// The raw speed of a proxy hop on this machine: YARP's forwarder and nothing else (no middleware, no logging), in a
/// process of its own as the gateway is. The gateway's figure is compared with the Store straight; this says how much of
/// the difference any proxy hop costs here.
/// </summary>
public sealed class BareProxy : IAsyncDisposable
{
    private const string Command = "bare-proxy";
    private readonly Process _process;

    private BareProxy(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<BareProxy> StartAsync(Uri target)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet", [typeof(BareProxy).Assembly.Location, Command, target.ToString(), port.ToString()])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the bare proxy.");
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(ready.Token) is { } line && line != "ready")
        {
        }

        return new BareProxy(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>The child process's entry point: <c>bare-proxy TARGET PORT</c>.</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args is not [Command, var target, var port])
        {
            return false;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        app.MapForwarder("/{**catch-all}", target);
        await app.StartAsync();
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
