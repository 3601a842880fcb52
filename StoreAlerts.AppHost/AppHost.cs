var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddProject<Projects.StoreAlerts_Store>("store");
var alert = builder.AddProject<Projects.StoreAlerts_Alert>("alert");
builder.AddProject<Projects.StoreAlerts_Gateway>("gateway")
    .WithReference(store)
    .WithReference(alert);

builder.Build().Run();
