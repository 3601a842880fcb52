using StoreAlerts.AppHost.Local;

namespace StoreAlerts.AppHost.Infrastructure;

public sealed partial class StoreAlertsInfrastructure
{
    /// <summary>Fails before anything starts, with one line naming what is missing and how to install it.</summary>
    private void CheckPrerequisites(bool forced)
    {
        if (Mode == InfrastructureMode.Containers && forced && _probe(ConfiguredRuntime(Configuration)) is (null, var why))
        {
            throw new MissingPrerequisiteException(
                $"Infrastructure=containers needs a running Docker or Podman engine, but none answers ({why}). Start one, or run with Infrastructure=local.");
        }

        if (Mode != InfrastructureMode.Local)
        {
            return;
        }

        if (PostgresBinDirectory is null)
        {
            throw MissingForLocalMode(
                "PostgreSQL is not installed (no postgres and initdb in StoreAlerts:PostgresBinDirectory, `pg_config --bindir` or /usr/lib/postgresql/*/bin). Install it: sudo apt-get install postgresql");
        }

        if (LocalTools.IsRoot && !(LocalTools.IsOnPath("setpriv") && LocalTools.IsOnPath("runuser")))
        {
            throw MissingForLocalMode("Running as root, PostgreSQL must run as the postgres user, which needs setpriv and runuser. Install them: apt-get install util-linux");
        }

        if (DataDirectoryClosedToPostgres(DataDirectory, LocalTools.IsRoot) is { } problem)
        {
            throw MissingForLocalMode(problem);
        }

        var maildevInstalled = File.Exists(Path.Combine(ToolsDirectory, $"maildev-{LocalMailDevResource.Version}", "node_modules", "maildev", "dist", "bin", "maildev.js"));
        if (!LocalTools.IsOnPath("node") || (!maildevInstalled && !LocalTools.IsOnPath("npm")))
        {
            throw MissingForLocalMode("Node.js and npm are needed to run MailDev (node or npm is not on PATH). Install them: sudo apt-get install nodejs npm");
        }

        Directory.CreateDirectory(Path.Combine(DataDirectory, "store"));
    }

    /// <summary>
    /// Why PostgreSQL could not use <paramref name="dataDirectory"/>, or null. Only a root AppHost runs PostgreSQL as
    /// another user (the postgres user), which must be able to enter every folder on the way.
    /// </summary>
    public static string? DataDirectoryClosedToPostgres(string dataDirectory, bool runsAsRoot) =>
        runsAsRoot && LocalTools.FirstFolderClosedToOthers(dataDirectory) is { } closed
            ? $"PostgreSQL runs as the postgres user, which cannot enter {closed}. Set StoreAlerts__DataDirectory to a folder it can reach, e.g. /var/tmp/storealerts"
            : null;

    /// <summary>A Docker user who got local mode because the engine hung or was stopped learns that here, not only from the first console line.</summary>
    private MissingPrerequisiteException MissingForLocalMode(string message) =>
        new(RuntimeHint is null ? message : $"{message}. {RuntimeHint}");
}
