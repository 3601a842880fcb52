using System.Diagnostics;
using System.Net.Sockets;

namespace StoreAlerts.Testing;

/// <summary>
/// Where a MongoDB server is reachable for the contract suite: <c>STOREALERTS_TEST_MONGODB</c> (a connection
/// string), else a throwaway <c>mongod</c> started from PATH for this test process. Tests call
/// <c>Assert.Skip(MongoDbAvailability.SkipReason)</c> when <see cref="ConnectionString"/> is null.
/// </summary>
public static class MongoDbAvailability
{
    public const string EnvironmentVariable = "STOREALERTS_TEST_MONGODB";
    private static readonly Lazy<string?> Found = new(Find);

    public static string? ConnectionString => Found.Value;

    public static string SkipReason =>
        $"No MongoDB reachable: set {EnvironmentVariable} to a connection string, or put mongod on PATH, to run the MongoDB tests.";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var mongod = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "mongod"))
            .FirstOrDefault(File.Exists);
        return mongod is null ? null : StartThrowawayServer(mongod);
    }

    private static string StartThrowawayServer(string mongod)
    {
        var port = FreePort.Next();
        var dataDirectory = Directory.CreateTempSubdirectory("storealerts-mongo-").FullName;
        var psi = new ProcessStartInfo(mongod) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--dbpath", dataDirectory, "--port", $"{port}", "--bind_ip", "127.0.0.1", "--quiet" })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {mongod}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Directory.Delete(dataDirectory, recursive: true);
        };

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = new TcpClient("127.0.0.1", port);
                return $"mongodb://127.0.0.1:{port}";
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"{mongod} did not listen on port {port} within 30 s.");
    }
}
