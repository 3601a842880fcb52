using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace StoreAlerts.Testing;

/// <summary>
/// A MailDev process (npm <c>maildev</c>, installed pinned under <c>$STOREALERTS_TOOLS</c>) on free loopback ports,
/// with its REST API for reading what was sent. Stop/Start keep the ports, so clients see an outage, not a move.
/// </summary>
public sealed class MailDevServer : IAsyncLifetime
{
    public const string Version = "3.0.0";
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), $"storealerts-maildev-{Guid.NewGuid():N}");
    private readonly HttpClient _http;
    private Process? _process;

    public MailDevServer()
    {
        WebUri = new Uri($"http://127.0.0.1:{WebPort}/");
        _http = new HttpClient { BaseAddress = new Uri(WebUri, "api/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int SmtpPort { get; } = FreePort.Next();
    public int WebPort { get; } = FreePort.Next();
    public Uri WebUri { get; }
    public string ConnectionString => $"Endpoint=smtp://127.0.0.1:{SmtpPort}";

    /// <summary>More MailDev options, e.g. <c>--incoming-user u --incoming-pass p</c> to require SMTP authentication.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public static string ToolsDirectory => Environment.GetEnvironmentVariable("STOREALERTS_TOOLS") is { Length: > 0 } tools
        ? tools
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "storealerts");

    public static string ScriptPath => Path.Combine(ToolsDirectory, $"maildev-{Version}", "node_modules", "maildev", "dist", "bin", "maildev.js");

    public async ValueTask InitializeAsync()
    {
        await EnsureInstalledAsync();
        Directory.CreateDirectory(_mailDirectory);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ScriptPath, "-s", $"{SmtpPort}", "-w", $"{WebPort}", "--ip", "127.0.0.1",
                     "--web-ip", "127.0.0.1", "--mail-directory", _mailDirectory }.Concat(ExtraArguments))
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start MailDev (node).");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MailDev exited with {_process.ExitCode} while starting.");
            }

            try
            {
                using var response = await _http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("MailDev did not answer /api/healthz within 30 s.");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process = null;
    }

    public async Task<IReadOnlyList<JsonElement>> GetEmailsAsync(CancellationToken cancellationToken = default)
        => await _http.GetFromJsonAsync<JsonElement[]>("email", cancellationToken) ?? [];

    /// <summary>Polls until <paramref name="count"/> emails match, then returns them; throws on timeout.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForEmailsAsync(Func<JsonElement, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<JsonElement> found = [];
        while (DateTime.UtcNow < deadline)
        {
            found = (await GetEmailsAsync()).Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected {count} matching emails within {timeout}, found {found.Count}.");
    }

    public async Task DeleteAllAsync() => (await _http.DeleteAsync("email/all")).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        if (Directory.Exists(_mailDirectory))
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
    }

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(ScriptPath))
            {
                return;
            }

            var directory = Path.Combine(ToolsDirectory, $"maildev-{Version}");
            Directory.CreateDirectory(directory);
            await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", $"maildev@{Version}"],
                TimeSpan.FromMinutes(5), directory);
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
