using System.ComponentModel;
using System.Diagnostics;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Asks Docker and Podman (at once) whether their engine answers <c>info</c>, the way DCP would need it to.</summary>
public static class ContainerRuntimeProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <param name="configuredRuntime">Only this runtime is asked when set (as Aspire does); Docker and Podman otherwise, Docker first when both answer.</param>
    /// <param name="timeout">How long each <c>info</c> may take; 10 s by default.</param>
    /// <param name="searchPath">Where to look for the runtimes; the process's <c>PATH</c> by default.</param>
    public static ContainerRuntimeProbeResult Probe(string? configuredRuntime, TimeSpan? timeout = null, string? searchPath = null)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime.Trim()];
        var limit = timeout ?? DefaultTimeout;
        var answers = candidates
            .Select(runtime => Task.Run(() => Ask(runtime, limit, searchPath)))
            .ToArray();
        var results = Task.WhenAll(answers).GetAwaiter().GetResult();

        if (results.FirstOrDefault(r => r.Answered) is { } healthy)
        {
            return new(healthy.Runtime, $"'{healthy.Runtime} info' answered");
        }

        return new(null, string.Join("; ", results.Select(r => r.Detail)))
        {
            Unanswered = results.Where(r => r.Installed).Select(r => r.Detail).ToList(),
        };
    }

    private static Answer Ask(string runtime, TimeSpan timeout, string? searchPath)
    {
        var executable = searchPath is null ? ExecutableLookup.Find(runtime) : ExecutableLookup.Find(runtime, searchPath, OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable("PATHEXT"));
        if (executable is null)
        {
            return new(runtime, Installed: false, Answered: false, $"{runtime} is not installed");
        }

        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(executable, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            }) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return new(runtime, Installed: true, Answered: false, $"'{runtime} info' could not be started: {e.Message}");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                Stop(process);
                return new(runtime, Installed: true, Answered: false, $"'{runtime} info' gave no answer within {timeout.TotalSeconds:0.#} s");
            }

            if (process.ExitCode == 0)
            {
                return new(runtime, Installed: true, Answered: true, $"'{runtime} info' answered");
            }

            // The exit is in; what it wrote is a moment away at most, unless a child it left behind still holds the pipe.
            var said = stderr.Wait(TimeSpan.FromSeconds(1)) ? FirstLine(stderr.Result) : null;
            return new(runtime, Installed: true, Answered: false, $"'{runtime} info' failed: {said ?? $"exit code {process.ExitCode}"}");
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone, or not ours to end: the probe's answer does not depend on it.
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private sealed record Answer(string Runtime, bool Installed, bool Answered, string Detail);
}
