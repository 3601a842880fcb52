using StoreAlerts.Alert.Alerts;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAlertServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapStoreAlertsApi();
app.Run();

public partial class Program;
