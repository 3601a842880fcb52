using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoreAlerts.AppHost.Tests.System.Telemetry.Otlp;

namespace StoreAlerts.AppHost.Tests.System.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback, standing where the dashboard's would: the system's services export their
/// spans and metrics to it, and the tests read them back.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentDictionary<(string Instance, string Metric, string Attributes), MetricPoint> _metrics = new();
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with the <c>http/protobuf</c> protocol.</summary>
    public string Endpoint { get; private set; } = "";

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans;

    /// <summary>Every log and trace export as it arrived (<c>logs</c> or <c>traces</c>, protobuf bytes): all the services sent.</summary>
    public IReadOnlyCollection<(string Signal, byte[] Body)> Exports => _exports;

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            collector._exports.Enqueue(("traces", body));
            collector.Add(ExportTraceServiceRequest.Parser.ParseFrom(body));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            collector.Add(ExportMetricsServiceRequest.Parser.ParseFrom(await ReadAsync(request)));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            collector._exports.Enqueue(("logs", await ReadAsync(request)));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        collector.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return collector;
    }

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    /// <summary>The latest cumulative value of a counter or histogram count, summed over every instance and attribute set.</summary>
    public double Total(string service, string metric) =>
        _metrics.Where(m => m.Key.Metric == metric && m.Value.Service == service).Sum(m => m.Value.Value);

    /// <summary>The latest point of each attribute set of a metric.</summary>
    public IReadOnlyList<MetricPoint> Points(string service, string metric) =>
        [.. _metrics.Where(m => m.Key.Metric == metric && m.Value.Service == service).Select(m => m.Value)];

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    private void Add(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            var service = Attribute(resource.Resource?.Attributes, "service.name") as string ?? "";
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? "", Hex(span.TraceId), Hex(span.SpanId), Hex(span.ParentSpanId),
                        span.Name, span.Kind, span.Attributes.ToDictionary(a => a.Key, a => Value(a.Value)),
                        [.. span.Links.Select(l => (Hex(l.TraceId), Hex(l.SpanId)))]));
                }
            }
        }
    }

    private void Add(ExportMetricsServiceRequest request)
    {
        foreach (var resource in request.ResourceMetrics)
        {
            var service = Attribute(resource.Resource?.Attributes, "service.name") as string ?? "";
            var instance = Attribute(resource.Resource?.Attributes, "service.instance.id") as string ?? service;
            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                var points = metric.DataCase switch
                {
                    Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, Value: Number(p))),
                    Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, Value: Number(p))),
                    Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, Value: (double)p.Count)),
                    _ => [],
                };
                foreach (var (attributes, time, value) in points)
                {
                    var tags = attributes.ToDictionary(a => a.Key, a => Value(a.Value));
                    var key = (instance, metric.Name, string.Join(",", tags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")));
                    var point = new MetricPoint(service, metric.Name, tags, value, time);
                    _metrics.AddOrUpdate(key, point, (_, old) => old.Time > time ? old : point);
                }
            }
        }
    }

    private static double Number(NumberDataPoint point) => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static object? Attribute(IEnumerable<KeyValue>? attributes, string key) => attributes?.FirstOrDefault(a => a.Key == key)?.Value is { } value ? Value(value) : null;

    private static object? Value(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        _ => null,
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name,
    Span.Types.SpanKind Kind, IReadOnlyDictionary<string, object?> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public override string ToString() => $"{Service} {Kind} '{Name}' {SpanId} parent {ParentSpanId} [{Scope}]";
}

public sealed record MetricPoint(string Service, string Name, IReadOnlyDictionary<string, object?> Attributes, double Value, ulong Time);
