// Command daprd is the Dapr sidecar for the local stack: Dapr's runtime with the component set
// registered in components.go. Flags are Dapr's own (parsed by Dapr's options package), so it
// accepts exactly the command lines documented for daprd.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/dapr/dapr/cmd/daprd/options"
	"github.com/dapr/dapr/pkg/buildinfo"
	"github.com/dapr/dapr/pkg/healthz"
	"github.com/dapr/dapr/pkg/metrics"
	"github.com/dapr/dapr/pkg/modes"
	"github.com/dapr/dapr/pkg/runtime"
	"github.com/dapr/dapr/pkg/runtime/registry"
	"github.com/dapr/dapr/pkg/security"
	"github.com/dapr/kit/concurrency"
	"github.com/dapr/kit/logger"
	"github.com/dapr/kit/signals"
	"go.opencensus.io/stats/view"
)

var log = logger.NewLogger("dapr.runtime")

func main() {
	opts, err := options.New(os.Args[1:])
	if err != nil {
		log.Fatalf("invalid flags: %v", err)
	}
	if opts.RuntimeVersion {
		fmt.Println(buildinfo.Version()) //nolint:forbidigo
		return
	}
	opts.Logger.SetAppID(opts.AppID)
	if err := logger.ApplyOptionsToLoggers(&opts.Logger); err != nil {
		log.Fatal(err)
	}
	log.Infof("starting daprd (todo-platform local build) version=%s", buildinfo.Version())

	registerProjectComponents()
	if err := run(signals.Context(), opts); err != nil {
		log.Fatalf("runtime stopped with error: %v", err)
	}
	log.Info("daprd stopped")
}

func run(ctx context.Context, opts *options.Options) error {
	health := healthz.New()
	sec, err := security.New(ctx, security.Options{
		SentryAddress:           opts.SentryAddress,
		ControlPlaneTrustDomain: opts.ControlPlaneTrustDomain,
		ControlPlaneNamespace:   opts.ControlPlaneNamespace,
		TrustAnchors:            opts.TrustAnchors,
		AppID:                   opts.AppID,
		MTLSEnabled:             opts.EnableMTLS,
		Mode:                    modes.DaprMode(opts.Mode),
		Healthz:                 health,
		JwtAudiences:            opts.SentryRequestJwtAudiences,
	})
	if err != nil {
		return err
	}
	startRuntime := func(ctx context.Context) error {
		handler, err := sec.Handler(ctx)
		if err != nil {
			return err
		}
		rt, err := runtime.FromConfig(ctx, runtimeConfig(opts, handler, health))
		if err != nil {
			return err
		}
		return rt.Run(ctx)
	}
	return concurrency.NewRunnerManager(sec.Run, startRuntime).Run(ctx)
}

func runtimeConfig(opts *options.Options, handler security.Handler, health healthz.Healthz) *runtime.Config {
	return &runtime.Config{
		AppID:                         opts.AppID,
		ActorsService:                 opts.ActorsService,
		ActorsDisseminationTimeout:    opts.ActorsDisseminationTimeout,
		HotReloadReconcileInterval:    opts.HotReloadReconcileInterval,
		RemindersService:              opts.RemindersService,
		SchedulerAddress:              opts.SchedulerAddress,
		SchedulerStreams:              opts.SchedulerJobStreams,
		AllowedOrigins:                opts.AllowedOrigins,
		ResourcesPath:                 opts.ResourcesPath,
		ComponentsPath:                opts.ComponentsPath,
		ControlPlaneAddress:           opts.ControlPlaneAddress,
		AppProtocol:                   opts.AppProtocol,
		Mode:                          opts.Mode,
		DaprHTTPPort:                  opts.DaprHTTPPort,
		DaprInternalGRPCPort:          opts.DaprInternalGRPCPort,
		DaprInternalGRPCListenAddress: opts.DaprInternalGRPCListenAddress,
		DaprAPIGRPCPort:               opts.DaprAPIGRPCPort,
		DaprAPIListenAddresses:        opts.DaprAPIListenAddresses,
		DaprPublicPort:                opts.DaprPublicPort,
		DaprPublicListenAddress:       opts.DaprPublicListenAddress,
		ApplicationPort:               opts.AppPort,
		ProfilePort:                   opts.ProfilePort,
		EnableProfiling:               opts.EnableProfiling,
		AppMaxConcurrency:             opts.AppMaxConcurrency,
		EnableMTLS:                    opts.EnableMTLS,
		SentryAddress:                 opts.SentryAddress,
		MaxRequestSize:                opts.MaxRequestSize,
		ReadBufferSize:                opts.ReadBufferSize,
		UnixDomainSocket:              opts.UnixDomainSocket,
		DaprGracefulShutdownSeconds:   opts.DaprGracefulShutdownSeconds,
		DaprBlockShutdownDuration:     opts.DaprBlockShutdownDuration,
		DisableBuiltinK8sSecretStore:  opts.DisableBuiltinK8sSecretStore,
		EnableAppHealthCheck:          opts.EnableAppHealthCheck,
		AppHealthCheckPath:            opts.AppHealthCheckPath,
		AppHealthProbeInterval:        opts.AppHealthProbeInterval,
		AppHealthProbeTimeout:         opts.AppHealthProbeTimeout,
		AppHealthThreshold:            opts.AppHealthThreshold,
		AppChannelAddress:             opts.AppChannelAddress,
		EnableAPILogging:              opts.EnableAPILogging,
		Config:                        opts.Config,
		AppSSL:                        opts.AppSSL,
		DisableInitEndpoints:          opts.DisableInitEndpoints,
		Metrics: metrics.Options{
			Enabled:       opts.Metrics.Enabled(),
			Log:           log,
			Port:          opts.Metrics.Port(),
			Namespace:     metrics.DefaultMetricNamespace,
			Healthz:       health,
			ListenAddress: opts.Metrics.ListenAddress(),
			Meter:         view.NewMeter(),
		},
		Registry: registry.NewOptions(),
		Security: handler,
		Healthz:  health,
	}
}
