namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>Finds a command on <c>PATH</c> the way a shell would, including Windows' extensions (<c>docker</c> is <c>docker.exe</c> there).</summary>
public static class ExecutableLookup
{
    private const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

    /// <returns>The full path of the first match, or null.</returns>
    public static string? Find(string command) =>
        Find(command, Environment.GetEnvironmentVariable("PATH"), OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable("PATHEXT"));

    /// <summary>The same search over the given <paramref name="path"/>, with Windows' rules when <paramref name="windows"/> is set.</summary>
    public static string? Find(string command, string? path, bool windows, string? pathExt = null)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }

        var names = windows && !Path.HasExtension(command)
            ? (string.IsNullOrWhiteSpace(pathExt) ? DefaultPathExt : pathExt).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ext => command + ext.ToLowerInvariant()).Prepend(command)
            : [command];
        if (command.Contains('/') || (windows && command.Contains('\\')))
        {
            return names.FirstOrDefault(File.Exists);
        }

        var separator = windows ? ';' : Path.PathSeparator;
        return (path ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir.Trim('"'), name)))
            .FirstOrDefault(File.Exists);
    }
}
