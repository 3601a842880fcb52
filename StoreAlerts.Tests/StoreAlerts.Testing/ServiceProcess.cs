using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
namespace StoreAlerts.Testing;

/// <summary>
/// A StoreAlerts service as a real process: its built dll started with <c>dotnet</c>, configured by environment variables
/// only, on a free loopback port; killed with SIGKILL, paused with SIGSTOP and resumed with SIGCONT like an orchestrator would.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly string _project;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public ServiceProcess(string project, IReadOnlyDictionary<string, string> environment)
    {
        _project = project;
        _environment = environment;
    }

    public string Project => _project;
    public int Port { get; } = FreePort.Next();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public int Starts { get; private set; }

    /// <summary>VmHWM, the most memory the process held resident, as last read when it was killed or disposed (MB).</summary>
    public double? PeakResidentMb { get; private set; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail => string.Join('\n', _log.TakeLast(40));

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet", [DllPath(_project)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(DllPath(_project))!,
        };
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Identity__Authority"] = TestIssuer.Shared.Authority.ToString();
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {_project}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
        await WaitAliveAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    public void Kill()
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        ReadPeakResidentMb(process);
        _ = kill(process.Id, SigKill);
        process.WaitForExit(10_000);
        _process = null;
    }

    public void Pause() => _ = kill(_process!.Id, SigStop);

    public void Resume() => _ = kill(_process!.Id, SigCont);

    /// <summary>A client for this service with a token of the shared <see cref="TestIssuer"/> (roles admin and user).</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        TestIssuer.Shared.Authorize(new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) });

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var http = CreateClient(TimeSpan.FromSeconds(10));
        using var response = await http.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task WaitAliveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"{_project} exited with {exited.ExitCode}:\n{Tail}");
            }

            try
            {
                if ((await http.GetAsync("/alive")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{_project} did not answer /alive within {timeout}:\n{Tail}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 400 && _log.TryDequeue(out _))
        {
        }
    }

    /// <summary>The service's own build output, next to its project (same configuration as this test assembly).</summary>
    private static string DllPath(string project)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StoreAlerts.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("StoreAlerts.sln not found above the test output."),
            project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            ReadPeakResidentMb(process);
            _ = kill(process.Id, SigCont);
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private void ReadPeakResidentMb(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        PeakResidentMb = line is null ? PeakResidentMb : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
