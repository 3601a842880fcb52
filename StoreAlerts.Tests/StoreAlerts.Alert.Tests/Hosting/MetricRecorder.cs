using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace StoreAlerts.Alert.Tests;

/// <summary>Sums the <c>StoreAlerts.Alert</c> counters of one app (its own meter factory), ignoring other tests' apps.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricRecorder(AlertApp app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "StoreAlerts.Alert" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        _listener.Start();
    }

    public long this[string name] => _totals.GetValueOrDefault(name);

    public void Dispose() => _listener.Dispose();
}
