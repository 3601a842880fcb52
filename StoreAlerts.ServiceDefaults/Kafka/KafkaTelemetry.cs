using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// W3C trace context carried through Kafka message headers (<c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>),
/// with the activity source name the official instrumentation uses.
/// </summary>
public static class KafkaTelemetry
{
    public const string ActivitySourceName = "OpenTelemetry.Instrumentation.ConfluentKafka";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    // Not Propagators.DefaultTextMapPropagator: that one stays a no-op until the OpenTelemetry SDK starts,
    // and the headers must be written even where no tracer provider is configured.
    private static readonly TextMapPropagator Propagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    /// <summary>Writes the given (or current) activity's context into the headers, replacing earlier values.</summary>
    public static void InjectTraceContext(this Headers headers, ActivityContext context)
    {
        if (context == default)
        {
            return;
        }

        Propagator.Inject(new PropagationContext(context, Baggage.Current), headers, static (h, key, value) =>
        {
            h.Remove(key);
            h.Add(key, Encoding.UTF8.GetBytes(value));
        });
    }

    /// <summary>The producer's trace context, or <c>default</c> when the message carries none.</summary>
    public static ActivityContext ExtractTraceContext(this Headers? headers)
    {
        if (headers is null)
        {
            return default;
        }

        var context = Propagator.Extract(default, headers, static (h, key) =>
            h.TryGetLastBytes(key, out var bytes) ? [Encoding.UTF8.GetString(bytes)] : []);
        return context.ActivityContext;
    }
}
