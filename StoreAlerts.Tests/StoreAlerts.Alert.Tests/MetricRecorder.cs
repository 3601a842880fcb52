using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace StoreAlerts.Alert.Tests;

/// <summary>Sums the <c>StoreAlerts.Alert</c> counters of one app (its own meter factory), ignoring other tests' apps.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new();

    public MetricRecorder(AlertApp app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "StoreAlerts.Alert" && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
    }

    public long this[string name] => totals.GetValueOrDefault(name);

    public void Dispose() => listener.Dispose();
}
