using StoreAlerts.Gateway.ApiDocs;
using StoreAlerts.Gateway.Components;
using StoreAlerts.Gateway.Extensions;
using StoreAlerts.Gateway.Limits;
using StoreAlerts.Gateway.Proxy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseGatewayLimits();
app.UseGatewayUi();
app.MapDefaultEndpoints();
app.MapGatewayProxy();
app.MapApiDocs();
app.MapGatewayUi();
app.Run();

public partial class Program;
