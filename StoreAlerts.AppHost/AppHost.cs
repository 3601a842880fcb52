using StoreAlerts.AppHost;
using StoreAlerts.AppHost.Infrastructure;
using StoreAlerts.AppHost.Operations;

var builder = DistributedApplication.CreateBuilder(args);

// Containers, the machine's own binaries, or existing servers: see StoreAlertsInfrastructure.Choose.
var infrastructure = StoreAlertsInfrastructure.Choose(builder);
var kafka = infrastructure.AddKafka();
var storeDb = infrastructure.AddStoreDatabase();
var alertDb = infrastructure.AddAlertDatabase();
var mail = infrastructure.AddMailServer();
// Declared first: the provider is served through the gateway, so its issuer is the gateway's address (ADR-013).
var gateway = builder.AddProject<Projects.StoreAlerts_Gateway>(ResourceNames.Gateway);
var identity = infrastructure.AddIdentityProvider(gateway);
var distributionList = builder.AddParameter("alert-distribution-list", "store-managers@storealerts.local", publishValueAsDefault: true);

var store = builder.AddProject<Projects.StoreAlerts_Store>(ResourceNames.Store)
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(storeDb).WaitFor(storeDb)
    .WithEnvironment("StoreDatabase__Provider", infrastructure.StoreDatabaseProvider)
    .WithIdentityProvider(identity)
    .WithHttpHealthCheck("/health");

var alert = builder.AddProject<Projects.StoreAlerts_Alert>(ResourceNames.Alert)
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(alertDb).WaitFor(alertDb)
    .WithReference(mail).WaitFor(mail)
    .WithIdentityProvider(identity)
    .WithEnvironment("Alert__DistributionList", distributionList)
    .WithEnvironment("Alert__From", "StoreAlerts <alerts@storealerts.local>")
    .WithEnvironment("Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs", infrastructure.KafkaFetchWaitMaxMs)
    // One consumer group: partitions are split between replicas; rows and emails stay once (ADR-003).
    .WithReplicas(int.TryParse(builder.Configuration["Alert:Replicas"], out var replicas) ? replicas : 1)
    .WithOperatorCommands(identity)
    .WithHttpHealthCheck("/health");

gateway
    .WithReference(store).WaitFor(store)
    .WithReference(alert).WaitFor(alert)
    .WithSignIn(identity)
    .WithInboxLink(mail)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// The links in alert emails point at the gateway's UI.
alert.WithEnvironment("Alert__GatewayBaseUrl", gateway.GetEndpoint("http"));

builder.Build().Run();
