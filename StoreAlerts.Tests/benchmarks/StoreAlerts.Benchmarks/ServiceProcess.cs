using System.Diagnostics;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// One StoreAlerts service run as a real process from its Release build, configured through environment
/// variables the way the AppHost configures it, on a loopback port of its own.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly List<(string Name, double Mb)> PeakRss = [];
    private readonly Process _process;

    private ServiceProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }
    public Uri BaseAddress { get; }

    /// <summary>The largest peak resident set of any service process that has ended so far, in MB.</summary>
    public static (string Name, double Mb) LargestPeakRss => PeakRss.MaxBy(p => p.Mb);

    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(Repository.Root, project, "bin", "Release", "net10.0", $"{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build in Release first (./bench.sh does).");
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["OTEL_SDK_DISABLED"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {project}.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(project, process, port);
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {process.ExitCode}:\n{string.Join('\n', output)}");
            }

            try
            {
                if ((await http.GetAsync("/alive")).IsSuccessStatusCode)
                {
                    return service;
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

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{project} did not answer /alive within 90 s:\n{string.Join('\n', output)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            if (ReadPeakRssMb() is { } mb)
            {
                PeakRss.Add((Name, mb));
            }

            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>VmHWM: the most memory the process has held resident since it started.</summary>
    private double? ReadPeakRssMb()
    {
        var status = $"/proc/{_process.Id}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}
