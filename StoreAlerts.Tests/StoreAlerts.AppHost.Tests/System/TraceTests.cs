using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreAlerts.AppHost.Tests.System.Telemetry;
using SpanKind = StoreAlerts.AppHost.Tests.System.Telemetry.Otlp.Span.Types.SpanKind;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// One store update is one trace, read back from the spans the services export over OTLP: gateway → Store → publish →
/// Alert receive and process → PostgreSQL insert → SMTP send, each with the parent it should have.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public class TraceTests(StoreAlertsAppFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_store_update_is_one_trace_from_the_gateway_to_the_smtp_send()
    {
        using var gateway = system.CreateClient(ResourceNames.Gateway);
        var name = $"Traced {Guid.NewGuid():N}";
        using var created = await gateway.PostAsJsonAsync("/services/store/api/stores", new { name, address = "Gran Via 32", status = "OPEN" }, Ct);
        var storeId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var clientSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var update = StoreRequests.PutIfMatch($"/services/store/api/stores/{storeId}", "\"1\"", new { name, address = "Gran Via 32", status = "CLOSED" });
        update.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");

        using var updated = await gateway.SendAsync(update, Ct);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var trace = await TraceUntilAsync(traceId, spans => spans.Any(s => s.Name == "smtp send"));
        var gatewayRequest = Single(trace, s => s.Service == ResourceNames.Gateway && s.Kind == SpanKind.Server, "gateway request");
        Assert.Equal(clientSpanId, gatewayRequest.ParentSpanId);
        var storeRequest = Single(trace, s => s.Service == ResourceNames.Store && s.Kind == SpanKind.Server, "Store request");
        var proxyCall = Single(trace, s => s.SpanId == storeRequest.ParentSpanId, "the Store request's parent");
        Assert.Equal((ResourceNames.Gateway, SpanKind.Client), (proxyCall.Service, proxyCall.Kind));
        Assert.True(DescendsFrom(trace, proxyCall, gatewayRequest), $"The proxied call is not under the gateway request:\n{Describe(trace)}");
        var publish = Single(trace, s => s.Service == ResourceNames.Store && s.Name == "publish topic_alert", "publish");
        Assert.Equal((SpanKind.Producer, storeRequest.SpanId, "kafka", "topic_alert"),
            (publish.Kind, publish.ParentSpanId, publish.Attributes["messaging.system"], publish.Attributes["messaging.destination.name"]));
        var receive = Single(trace, s => s.Service == ResourceNames.Alert && s.Name == "receive topic_alert", "receive");
        Assert.Equal((SpanKind.Consumer, publish.SpanId, "receive"), (receive.Kind, receive.ParentSpanId, receive.Attributes["messaging.operation.type"]));
        Assert.Contains((traceId, publish.SpanId), receive.Links);
        var process = Single(trace, s => s.Service == ResourceNames.Alert && s.Name == "process topic_alert", "process");
        Assert.Equal((SpanKind.Consumer, publish.SpanId, "process"), (process.Kind, process.ParentSpanId, process.Attributes["messaging.operation.type"]));
        Assert.Equal(storeId, process.Attributes["storealerts.store_id"]);
        var insert = Single(trace, s => s.Service == ResourceNames.Alert && s.Attributes.Values.OfType<string>().Any(v => v.Contains("INSERT INTO store_alerts")), "PostgreSQL insert");
        Assert.Equal((SpanKind.Client, receive.SpanId), (insert.Kind, insert.ParentSpanId));
        var send = Single(trace, s => s.Name == "smtp send", "SMTP send");
        Assert.Equal((ResourceNames.Alert, SpanKind.Client, process.SpanId, storeId), (send.Service, send.Kind, send.ParentSpanId, send.Attributes["storealerts.store_id"]));
    }

    private async Task<IReadOnlyList<ReceivedSpan>> TraceUntilAsync(string traceId, Func<IReadOnlyList<ReceivedSpan>, bool> complete)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var trace = system.Telemetry.Trace(traceId);
            if (complete(trace))
            {
                // Spans of one trace come in several exports; the send is the last to start, give the others a moment.
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                return system.Telemetry.Trace(traceId);
            }

            Assert.True(DateTime.UtcNow < deadline, $"The trace had no SMTP send within {Patience.TotalSeconds} s:\n{Describe(trace)}");
            await Task.Delay(250, Ct);
        }
    }

    private static ReceivedSpan Single(IReadOnlyList<ReceivedSpan> trace, Func<ReceivedSpan, bool> match, string what)
    {
        var found = trace.Where(match).ToList();
        Assert.True(found.Count == 1, $"Expected one {what} span, found {found.Count}:\n{Describe(trace)}");
        return found[0];
    }

    private static bool DescendsFrom(IReadOnlyList<ReceivedSpan> trace, ReceivedSpan span, ReceivedSpan ancestor)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(IReadOnlyList<ReceivedSpan> trace) => string.Join("\n", trace.Select(s => "  " + s));
}
