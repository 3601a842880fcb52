using StoreAlerts.Identity.Accounts;
using StoreAlerts.Identity.Extensions;
using StoreAlerts.Identity.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseBehindTheGateway();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapAccounts();
app.MapConnectEndpoints();
app.Run();

public partial class Program;
