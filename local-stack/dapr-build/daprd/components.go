package main

import (
	sqliteresolver "github.com/dapr/components-contrib/nameresolution/sqlite"
	inmemorypubsub "github.com/dapr/components-contrib/pubsub/in-memory"
	kafkapubsub "github.com/dapr/components-contrib/pubsub/kafka"
	envsecrets "github.com/dapr/components-contrib/secretstores/local/env"
	filesecrets "github.com/dapr/components-contrib/secretstores/local/file"
	inmemorystate "github.com/dapr/components-contrib/state/in-memory"
	pgstate "github.com/dapr/components-contrib/state/postgresql/v1"

	nameresolution "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsub "github.com/dapr/dapr/pkg/components/pubsub"
	secretstores "github.com/dapr/dapr/pkg/components/secretstores"
	state "github.com/dapr/dapr/pkg/components/state"
)

// registerProjectComponents registers only the component types the todo platform's resource
// files use (dapr-components/local/*.yaml). Everything else Dapr ships stays out of the binary,
// which keeps the build to a fraction of Dapr's "stablecomponents" build.
func registerProjectComponents() {
	pubsub.DefaultRegistry.RegisterComponent(kafkapubsub.NewKafka, "kafka")
	// in-memory pub/sub and state are for quick experiments without Kafka or PostgreSQL.
	pubsub.DefaultRegistry.RegisterComponent(inmemorypubsub.New, "in-memory")
	state.DefaultRegistry.RegisterComponent(inmemorystate.NewInMemoryStateStore, "in-memory")
	// The Kubernetes chart uses the v1 PostgreSQL state store (Dapr's default version), so the
	// local stack uses the same one.
	state.DefaultRegistry.RegisterComponent(pgstate.NewPostgreSQLStateStore, "postgresql", "postgres")
	secretstores.DefaultRegistry.RegisterComponent(envsecrets.NewEnvSecretStore, "local.env")
	secretstores.DefaultRegistry.RegisterComponent(filesecrets.NewLocalSecretStore, "local.file")
	// mDNS needs multicast, which a loopback-only machine does not have; the sqlite resolver
	// keeps the app-id -> address table in a file every sidecar on the machine shares.
	nameresolution.DefaultRegistry.RegisterComponent(sqliteresolver.NewResolver, "sqlite")
}
