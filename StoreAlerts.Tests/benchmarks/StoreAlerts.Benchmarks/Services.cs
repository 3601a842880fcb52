using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>Starts the services the scenarios measure and remembers them, for the run's peak memory.</summary>
public static class Services
{
    private static readonly List<ServiceProcess> Started = [];

    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> environment)
    {
        var service = new ServiceProcess(project, new Dictionary<string, string>(environment) { ["OTEL_SDK_DISABLED"] = "true" });
        await service.StartAsync(TimeSpan.FromSeconds(90));
        Started.Add(service);
        return service;
    }

    /// <summary>The largest peak resident memory of any service that has ended so far, in MB.</summary>
    public static (string Name, double Mb) LargestPeakRss =>
        Started.Where(s => s.PeakResidentMb is not null).Select(s => (s.Project, s.PeakResidentMb!.Value)).MaxBy(p => p.Item2);
}
