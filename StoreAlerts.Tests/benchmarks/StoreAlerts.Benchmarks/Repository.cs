namespace StoreAlerts.Benchmarks;

public static class Repository
{
    /// <summary>The folder holding StoreAlerts.sln, found from the working directory upwards.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StoreAlerts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the StoreAlerts repository (./bench.sh does).");
    }
}
