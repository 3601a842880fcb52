namespace StoreAlerts.AppHost.Tests.ModeChoice;

/// <summary>A folder of executable shell scripts standing in for <c>docker</c>/<c>podman</c>, to put on the probe's search path.</summary>
internal sealed class FakeRuntimes : IDisposable
{
    public const string Hangs = "sleep 30";
    public const string DaemonDown = "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1";
    public const string Answers = "echo 'Server: Docker Engine'; exit 0";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("storealerts-fake-runtimes-");

    public string SearchPath => _folder.FullName;

    public FakeRuntimes With(string name, string script, bool executable = true)
    {
        var file = Path.Combine(_folder.FullName, name);
        File.WriteAllText(file, $"#!/bin/sh\n{script}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, executable
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return this;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
