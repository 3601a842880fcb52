using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Yarp.ReverseProxy.Forwarder;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>
/// The handler YARP forwards through: a bounded connect time, and a quick retry of safe requests whose
/// connection failed (a service restarting). Unsafe methods are never retried, and responses are never
/// retried: the caller sees the service's own answer.
/// </summary>
public sealed class GatewayHttpClientFactory(IOptions<GatewayProxyOptions> options) : ForwarderHttpClientFactory
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = BuildPipeline();

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new ResilienceHandler(Pipeline) { InnerHandler = base.WrapHandler(context, handler) };

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Constant,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException),
        };
        retry.DisableForUnsafeHttpMethods();
        return new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(retry).Build();
    }
}
