using System.Diagnostics;
using StoreAlerts.AppHost.Local;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Asks Docker or Podman whether its engine answers, the way DCP would need it to.</summary>
public static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>The runtime that answered, or null and why none did.</returns>
    public static (string? Runtime, string Explanation) Probe(string? configuredRuntime)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime];
        var failures = new List<string>();
        foreach (var runtime in candidates)
        {
            if (!LocalTools.IsOnPath(runtime))
            {
                failures.Add($"{runtime} is not installed");
                continue;
            }

            if (Answers(runtime, out var error))
            {
                return (runtime, $"'{runtime} info' answered");
            }

            failures.Add($"'{runtime} info' failed: {error}");
        }

        return (null, string.Join("; ", failures));
    }

    private static bool Answers(string runtime, out string error)
    {
        using var process = Process.Start(new ProcessStartInfo(runtime, "info") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            error = $"no answer within {Timeout.TotalSeconds:0} s";
            return false;
        }

        error = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
        return process.ExitCode == 0;
    }
}
