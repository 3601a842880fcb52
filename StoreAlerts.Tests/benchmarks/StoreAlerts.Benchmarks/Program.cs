// Every StoreAlerts figure beside the raw speed of the part it runs on, measured in the same run, so that a busy or slow
// machine moves both sides alike. The services run as real processes from their Release builds, in local mode's shape:
// PostgreSQL, MailDev and the librdkafka mock cluster here, the Store on LiteDB.
// Run: ./bench.sh (builds in Release first). Prints a table, one "figure NAME VALUE" line each, writes bench-results.json.
// ./bench.sh alert|store|system runs one group only.
using System.Diagnostics;
using StoreAlerts.Benchmarks;

if (await BareProxy.TryRunAsync(args))
{
    return 0;
}

var clock = Stopwatch.StartNew();
var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average at start {LoadAverage()}";
Console.WriteLine($"StoreAlerts benchmarks: {machine}");
Console.WriteLine($"Store database: {StoreDatabase.Kind} ({(StoreDatabase.Kind == "LiteDB" ? "local mode's; no MongoDB is reachable: set STOREALERTS_TEST_MONGODB or put mongod on PATH" : "reachable here")})");

var figures = new Figures();
await using (var infrastructure = await Infrastructure.StartAsync())
{
    if (Wanted("alert"))
    {
        await AlertFigures.RunAsync(infrastructure, figures);
    }

    if (Wanted("store"))
    {
        await StoreUpdateFigures.RunAsync(infrastructure, figures);
    }

    if (Wanted("system"))
    {
        await SystemFigures.RunAsync(infrastructure, figures);
    }
}

var (service, mb) = Services.LargestPeakRss;
figures.Add(new Figure("rss.max_mb", mb, "MB", $"peak resident memory of any service ({service})", "—", "≤ 250", mb <= 250));
figures.Note($"whole run {clock.Elapsed.TotalMinutes:F1} min; load average at the end {LoadAverage()}");
figures.Report(Path.Combine(Repository.Root, "bench-results.json"), machine);
return 0;

bool Wanted(string group) => args.Length == 0 || args.Contains(group);

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";
