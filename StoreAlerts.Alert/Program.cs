using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Extensions;
using StoreAlerts.Alert.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication(audience: "alert");
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.UseDefaultAuthentication();
app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapStoreAlertsApi();
app.MapOperationsApi();
app.Run();

public partial class Program;
