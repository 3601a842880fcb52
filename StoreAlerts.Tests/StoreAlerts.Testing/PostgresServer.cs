using Npgsql;

namespace StoreAlerts.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries (Debian's <c>postgresql</c> package), on a free
/// loopback port, removed on dispose. The server refuses to run as root, so as root it runs as <c>postgres</c>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Password = "storealerts-test";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"storealerts-pg-{Guid.NewGuid():N}");
    private readonly string _binDirectory = FindBinDirectory();

    public string Host => "127.0.0.1";
    public int Port { get; } = FreePort.Next();
    public string AdminConnectionString => ConnectionStringFor("postgres");

    private string DataDirectory => Path.Combine(_root, "data");
    private string SocketDirectory => Path.Combine(_root, "sock");
    private static bool IsRoot => Environment.UserName == "root";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(SocketDirectory);
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (IsRoot)
        {
            await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        await RunAsync("initdb", ["-D", DataDirectory, "-U", "postgres", $"--pwfile={passwordFile}",
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await StartAsync();
    }

    /// <summary>Starts the server again on the same port with the same data.</summary>
    public Task StartAsync() => RunAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {SocketDirectory} -c fsync=off -c max_connections=200", "start"]);

    /// <summary>Fast shutdown: open connections are cut, as when a database server goes away.</summary>
    public Task StopAsync() => RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"]);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = "postgres",
        Password = Password,
        Database = database,
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test.
        }

        Directory.Delete(_root, recursive: true);
    }

    private Task RunAsync(string tool, IReadOnlyList<string> args)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return IsRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", executable, .. args], workingDirectory: _root)
            : ProcessRunner.RunAsync(executable, args, workingDirectory: _root);
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found: apt-get install postgresql (or run ./test.sh).");
    }
}
