using StoreAlerts.Testing;

// Every scenario is in one class, so one collection: they run one at a time (each loads the machine on purpose).
[assembly: AssemblyFixture(typeof(PostgresServer))]
[assembly: AssemblyFixture(typeof(MailDevServer))]
[assembly: AssemblyFixture(typeof(KafkaMockCluster))]
