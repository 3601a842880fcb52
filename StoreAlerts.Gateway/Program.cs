using StoreAlerts.Gateway.ApiDocs;
using StoreAlerts.Gateway.Components;
using StoreAlerts.Gateway.Extensions;
using StoreAlerts.Gateway.IdentityProxy;
using StoreAlerts.Gateway.Limits;
using StoreAlerts.Gateway.Proxy;
using StoreAlerts.Gateway.Security;
using StoreAlerts.Gateway.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseGatewayLimits();
app.UseGatewaySignIn();
app.UseGatewayUi();
app.MapDefaultEndpoints();
app.MapGatewayProxy();
app.MapIdentityProxy();
app.MapGatewaySignIn();
app.MapApiDocs();
app.MapGatewayUi();
app.Run();

public partial class Program;
