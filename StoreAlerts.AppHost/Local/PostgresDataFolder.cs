using Microsoft.Extensions.Logging;
using Npgsql;

namespace StoreAlerts.AppHost.Local;

/// <summary>Creates the cluster on first start, then, once the server listens, syncs the password and creates the databases.</summary>
internal static class PostgresDataFolder
{
    public static async Task PrepareAsync(LocalPostgresServerResource postgres, ILogger logger, CancellationToken ct)
    {
        var dataRoot = Path.GetDirectoryName(postgres.DataDirectory)!;
        Directory.CreateDirectory(dataRoot);
        // A socket left behind by a killed run would be mistaken for the new server's.
        if (Directory.Exists(postgres.SocketDirectory))
        {
            Directory.Delete(postgres.SocketDirectory, recursive: true);
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Local mode runs PostgreSQL on Linux or macOS only; use Infrastructure=containers or external.");
        }

        Directory.CreateDirectory(postgres.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (LocalTools.IsRoot)
        {
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", dataRoot, postgres.SocketDirectory], dataRoot, logger, ct);
        }

        if (File.Exists(Path.Combine(postgres.DataDirectory, "PG_VERSION")))
        {
            logger.LogInformation("Using the existing PostgreSQL data folder {DataDirectory}", postgres.DataDirectory);
            return;
        }

        var passwordFile = Path.Combine(dataRoot, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, await postgres.PasswordParameter.GetValueAsync(ct), ct);
        try
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            string[] initdb = [Path.Combine(postgres.BinDirectory, "initdb"), "-D", postgres.DataDirectory, "-U", LocalPostgresServerResource.UserName,
                $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"];
            if (LocalTools.IsRoot)
            {
                await ProcessRunner.RunAsync("chown", ["postgres:postgres", passwordFile], dataRoot, logger, ct);
                await ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", .. initdb], dataRoot, logger, ct);
            }
            else
            {
                await ProcessRunner.RunAsync(initdb[0], initdb[1..], dataRoot, logger, ct);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Connects over the Unix socket (trusted: only the server's OS user and root can enter its folder), so a data folder
    /// made with another password still works: the configured password is set on every start.
    /// </summary>
    public static async Task ProvisionWhenListeningAsync(LocalPostgresServerResource postgres, ILogger logger, CancellationToken ct)
    {
        try
        {
            await using var connection = await ConnectOverSocketAsync(postgres, ct);
            var password = (await postgres.PasswordParameter.GetValueAsync(ct))!.Replace("'", "''");
            await ExecuteAsync(connection, $"ALTER ROLE {LocalPostgresServerResource.UserName} PASSWORD '{password}'", ct);
            foreach (var database in postgres.Databases.Values)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
                if (await exists.ExecuteScalarAsync(ct) is null)
                {
                    await ExecuteAsync(connection, $"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", ct);
                    logger.LogInformation("Created database {Database}", database);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not provision PostgreSQL over its socket in {SocketDirectory}", postgres.SocketDirectory);
        }
    }

    private static async Task<NpgsqlConnection> ConnectOverSocketAsync(LocalPostgresServerResource postgres, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var socket = Directory.Exists(postgres.SocketDirectory) ? Directory.GetFiles(postgres.SocketDirectory, ".s.PGSQL.*").FirstOrDefault(f => !f.EndsWith(".lock")) : null;
            if (socket is not null)
            {
                var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
                {
                    Host = postgres.SocketDirectory,
                    Port = int.Parse(Path.GetExtension(socket).TrimStart('.')),
                    Username = LocalPostgresServerResource.UserName,
                    Database = "postgres",
                    Pooling = false,
                }.ConnectionString);
                try
                {
                    await connection.OpenAsync(ct);
                    return connection;
                }
                catch (NpgsqlException) when (DateTime.UtcNow < deadline)
                {
                    await connection.DisposeAsync(); // still starting up
                }
            }
            else if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("The PostgreSQL server did not open its socket within 2 minutes.");
            }

            await Task.Delay(200, ct);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
