using Scalar.AspNetCore;
using StoreAlerts.Store.Extensions;
using StoreAlerts.Store.Stores;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication(audience: "store");
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.UseDefaultAuthentication();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapDefaultEndpoints();
app.MapStoresApi();
app.Run();

public partial class Program;
