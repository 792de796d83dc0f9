# Sourced by bench/cpu-per-task and bench/pipeline-cpu: a fresh `taskrunner broker` for one measurement.
# Needs $dir (a scratch directory). start_broker COMMAND...: starts COMMAND broker on free ports, sets $broker
# (its pid) and $bs (its address) and returns once it is ready; fails if it ends before.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# await_line FILE TEXT PID: until FILE holds TEXT; fails if PID has ended first
await_line() {
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "process $3 ended before '$2'; see $1" >&2; exit 1; }
    sleep 0.1
  done
}

start_broker() {
  local port
  port=$(free_port)
  bs=127.0.0.1:$port
  "$@" broker --port "$port" --controller-port "$(free_port)" --data-dir "$dir/kafka" > "$dir/broker.log" 2>&1 &
  broker=$!
  await_line "$dir/broker.log" "Kafka broker ready" "$broker"
}

# The bench's task payload: a JSON string of 200 bytes.
payload="\"$(head -c 200 /dev/zero | tr '\0' 'x')\""
