using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Local;

/// <summary>Runs a one-off preparation command (initdb, npm install), streaming its output into a resource's log.</summary>
internal static class ProcessRunner
{
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, ILogger logger, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        logger.LogInformation("Running {Command} {Arguments}", fileName, string.Join(' ', startInfo.ArgumentList));
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { logger.LogInformation("{Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logger.LogWarning("{Line}", e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed with exit code {process.ExitCode}; see the resource's log.");
        }
    }
}
