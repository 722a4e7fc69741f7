{{/*
The in-chart Kafka's files (ConfigMap data): server.properties for one KRaft node that is broker and
controller, log4j2 to stdout (Kafka 4 logs through log4j2; -Dlog4j2.configurationFile points here),
and the Admin client settings of the topics Job.
*/}}
{{- define "todo-app.kafkaConfig" -}}
server.properties: |
  process.roles=broker,controller
  node.id=1
  # A single-node dynamic quorum (formatted with --standalone); the controller listens on the pod's
  # loopback only, the broker on every interface.
  controller.quorum.bootstrap.servers=127.0.0.1:9093
  listeners=PLAINTEXT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093
  advertised.listeners=PLAINTEXT://{{ include "todo-app.kafkaBootstrap" . }}
  controller.listener.names=CONTROLLER
  inter.broker.listener.name=PLAINTEXT
  listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
  # A sub-directory of the volume, so a filesystem's lost+found is never taken for a log directory.
  log.dirs=/var/lib/kafka/data
  num.partitions=1
  # One broker: every topic, internal ones included, has one replica.
  default.replication.factor=1
  min.insync.replicas=1
  offsets.topic.replication.factor=1
  transaction.state.log.replication.factor=1
  transaction.state.log.min.isr=1
  share.coordinator.state.topic.replication.factor=1
  share.coordinator.state.topic.min.isr=1
  # Consumers join at once instead of waiting 3 s for more members.
  group.initial.rebalance.delay.ms=0
  # Topics are created by the topics Job (SPEC §3); a typo in a topic name must fail, not create one.
  auto.create.topics.enable=false
log4j2.properties: |
  status = warn
  appender.console.type = Console
  appender.console.name = STDOUT
  appender.console.target = SYSTEM_OUT
  appender.console.layout.type = PatternLayout
  appender.console.layout.pattern = [%d] %p %m (%c)%n
  rootLogger.level = info
  rootLogger.appenderRef.stdout.ref = STDOUT
  logger.state.name = state.change.logger
  logger.state.level = warn
  logger.controller.name = kafka.controller
  logger.controller.level = info
admin.properties: |
  # An unreachable broker fails a TopicCommand call within 15 s, and the Job tries again.
  request.timeout.ms=5000
  default.api.timeout.ms=15000
{{- end }}

{{/* The topics Job's shell script: wait until the broker answers, then create each missing topic. */}}
{{- define "todo-app.kafkaTopicsScript" -}}
topics() {
  java -Dlog4j2.configurationFile=/etc/kafka/log4j2.properties -cp '/opt/kafka/libs/*' \
    org.apache.kafka.tools.TopicCommand --bootstrap-server {{ include "todo-app.kafkaBootstrap" . }} \
    --command-config /etc/kafka/admin.properties "$@"
}
until topics --list >/dev/null; do
  echo "waiting for the broker at {{ include "todo-app.kafkaBootstrap" . }}"
  sleep 5
done
{{- range .Values.kafka.topics }}
topics --create --if-not-exists --topic {{ .name }} --partitions {{ .partitions }} --replication-factor 1
{{- range $key, $value := .config }} --config {{ $key }}={{ $value }}{{ end }}
{{- end }}
topics --describe
{{- end }}
