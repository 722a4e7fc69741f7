package main

import (
	kuberesolver "github.com/dapr/components-contrib/nameresolution/kubernetes"
	sqliteresolver "github.com/dapr/components-contrib/nameresolution/sqlite"
	inmemorypubsub "github.com/dapr/components-contrib/pubsub/in-memory"
	kafkapubsub "github.com/dapr/components-contrib/pubsub/kafka"
	envsecrets "github.com/dapr/components-contrib/secretstores/local/env"
	kubesecrets "github.com/dapr/components-contrib/secretstores/kubernetes"
	filesecrets "github.com/dapr/components-contrib/secretstores/local/file"
	inmemorystate "github.com/dapr/components-contrib/state/in-memory"
	pgstate "github.com/dapr/components-contrib/state/postgresql/v1"

	bindings "github.com/dapr/dapr/pkg/components/bindings"
	configuration "github.com/dapr/dapr/pkg/components/configuration"
	conversation "github.com/dapr/dapr/pkg/components/conversation"
	crypto "github.com/dapr/dapr/pkg/components/crypto"
	lock "github.com/dapr/dapr/pkg/components/lock"
	httpmiddleware "github.com/dapr/dapr/pkg/components/middleware/http"
	nameresolution "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsub "github.com/dapr/dapr/pkg/components/pubsub"
	secretstores "github.com/dapr/dapr/pkg/components/secretstores"
	state "github.com/dapr/dapr/pkg/components/state"
	"github.com/dapr/kit/logger"
)

// registerProjectComponents registers only the component types the todo platform's resource
// files use (dapr-components/local/*.yaml locally; dapr-components/*.yaml and the chart's in
// Kubernetes, where the same binary is the injected sidecar of the local cluster). Everything else Dapr ships stays out of the binary,
// which keeps the build to a fraction of Dapr's "stablecomponents" build.
func registerProjectComponents() {
	// Component constructors receive the registry's logger; without one they get nil and crash
	// on their first log line.
	contribLog := logger.NewLogger("dapr.contrib")
	pubsub.DefaultRegistry.Logger = contribLog
	state.DefaultRegistry.Logger = contribLog
	secretstores.DefaultRegistry.Logger = contribLog
	nameresolution.DefaultRegistry.Logger = contribLog
	bindings.DefaultRegistry.Logger = contribLog
	configuration.DefaultRegistry.Logger = contribLog
	lock.DefaultRegistry.Logger = contribLog
	crypto.DefaultRegistry.Logger = contribLog
	conversation.DefaultRegistry.Logger = contribLog
	httpmiddleware.DefaultRegistry.Logger = logger.NewLogger("dapr.runtime")

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
	// In Kubernetes daprd resolves app ids through cluster DNS (Dapr's default there) and reads
	// component secrets from Kubernetes Secrets (secretstores.kubernetes in the chart).
	nameresolution.DefaultRegistry.RegisterComponent(kuberesolver.NewResolver, "kubernetes")
	secretstores.DefaultRegistry.RegisterComponent(kubesecrets.NewKubernetesSecretStore, "kubernetes")
}
