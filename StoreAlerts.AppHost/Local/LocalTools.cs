using System.Diagnostics;

namespace StoreAlerts.AppHost.Local;

/// <summary>Finds the machine's own binaries that local mode runs instead of containers.</summary>
internal static class LocalTools
{
    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c>: configured, else <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public static string? FindPostgresBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPostgres(configured) ? configured : null;
        }

        if (Run("pg_config", "--bindir") is { } bindir && HasPostgres(bindir))
        {
            return bindir;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasPostgres)
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }

    public static bool IsOnPath(string command) => Infrastructure.ExecutableLookup.Find(command) is not null;

    /// <summary>The first existing folder on the way to <paramref name="path"/> that other users cannot enter, if any.</summary>
    public static string? FirstFolderClosedToOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        for (var dir = Path.GetFullPath(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir) && (File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                return dir;
            }
        }

        return null;
    }

    private static bool HasPostgres(string dir) =>
        File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));

    private static string? Run(string command, string arguments)
    {
        if (!IsOnPath(command))
        {
            return null;
        }

        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
        var output = process?.StandardOutput.ReadToEnd().Trim();
        process?.WaitForExit();
        return process?.ExitCode == 0 ? output : null;
    }
}
