#!/usr/bin/env bash
# A Flink session cluster (one JobManager, one TaskManager) from the Maven jars listed in
# target/flink-session.classpath, and job submission with Flink's CLI. See deploy/README.md.
#   flink-session.sh start DIR          REST on ${FLINK_REST_PORT:-8081}, ${FLINK_SLOTS:-2} slots
#   flink-session.sh submit DIR ARGS    submits jobs/target/jobs-*-job.jar detached with ARGS
#   flink-session.sh stop DIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CPFILE="$HERE/target/flink-session.classpath"
[ -f "$CPFILE" ] || { echo "build first: ./finegrid build" >&2; exit 1; }
CP=$(cat "$CPFILE")
# What flink-dist passes on Java 17.
OPTS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)
cmd=${1:?usage: flink-session.sh start|submit|stop DIR [ARGS]}
DIR=${2:?usage: flink-session.sh start|submit|stop DIR [ARGS]}
shift 2
PORT=${FLINK_REST_PORT:-8081}
java_run() { java "${OPTS[@]}" -Dlog4j.configurationFile="$DIR/conf/log4j.properties" -cp "$CP" "$@"; }

case "$cmd" in
  start)
    mkdir -p "$DIR/conf"
    cat > "$DIR/conf/config.yaml" <<YAML
jobmanager: {bind-host: 127.0.0.1, rpc: {address: 127.0.0.1, port: 6123}, memory: {process: {size: 768m}}}
taskmanager: {bind-host: 127.0.0.1, host: 127.0.0.1, numberOfTaskSlots: ${FLINK_SLOTS:-2}, memory: {process: {size: 1024m}, managed: {fraction: 0.05}}}
rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: $PORT}
execution: {checkpointing: {dir: "file://$DIR/checkpoints"}}
restart-strategy: {type: fixed-delay, fixed-delay: {attempts: 1000, delay: 2 s}}
heartbeat: {interval: 2000, timeout: 10000}
YAML
    printf '%s\n' 'rootLogger.level = INFO' 'rootLogger.appenderRef.console.ref = console' \
      'appender.console.type = Console' 'appender.console.name = console' \
      'appender.console.layout.type = PatternLayout' 'appender.console.layout.pattern = %d %-5level %c{1} - %msg%n' \
      > "$DIR/conf/log4j.properties"
    cp "$DIR/conf/log4j.properties" "$DIR/conf/log4j-cli.properties"
    setsid java "${OPTS[@]}" -Xmx512m -Dlog4j.configurationFile="$DIR/conf/log4j.properties" -cp "$CP" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$DIR/conf" \
      > "$DIR/jobmanager.log" 2>&1 < /dev/null &
    echo $! > "$DIR/jobmanager.pid"
    for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/overview" >/dev/null && break; sleep 1; done
    # What taskmanager.sh does: ask Flink for the JVM memory flags and dynamic properties.
    mapfile -t P < <(java_run org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS \
      --configDir "$DIR/conf" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')
    # shellcheck disable=SC2086
    setsid java "${OPTS[@]}" ${P[0]} -Dlog4j.configurationFile="$DIR/conf/log4j.properties" -cp "$CP" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$DIR/conf" ${P[1]} \
      > "$DIR/taskmanager.log" 2>&1 < /dev/null &
    echo $! > "$DIR/taskmanager.pid"
    echo "Flink session cluster: http://127.0.0.1:$PORT (logs in $DIR)"
    ;;
  submit)
    JAR=$(ls "$ROOT"/jobs/target/jobs-*-job.jar | head -1)
    FLINK_CONF_DIR="$DIR/conf" java_run org.apache.flink.client.cli.CliFrontend run -m "127.0.0.1:$PORT" -d "$JAR" "$@"
    ;;
  stop)
    for p in taskmanager jobmanager; do
      [ -f "$DIR/$p.pid" ] && kill "$(cat "$DIR/$p.pid")" 2>/dev/null || true
      rm -f "$DIR/$p.pid"
    done
    ;;
  *) sed -n '2,6p' "$0"; exit 2 ;;
esac
