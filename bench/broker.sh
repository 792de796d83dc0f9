# Sourced by bench/cpu-per-task, bench/pipeline-cpu and bench/pipeline-backlog: a fresh `taskrunner broker` for one
# measurement, and CPU seconds read from /proc.
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

# CPU seconds (utime + stime) of a process; read after the name's closing ")", since names may hold spaces
tick=$(getconf CLK_TCK)
ticks() { sed 's/.*) //' "$1" | awk '{print $12+$13}'; }
seconds() { awk -v c="$(ticks "/proc/$1/stat")" -v t="$tick" 'BEGIN {printf "%.2f", c/t}'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a-b}'; }
# thread_groups PID: CPU seconds of PID's threads over its life, summed by name without its number
# ("C2_CompilerThre 6.22, taskrunner-runn 3.00, ..."), groups of under 0.2 s left out
thread_groups() {
  local t groups
  groups=$(for t in /proc/$1/task/*; do echo "$(tr ' ' '_' < "$t/comm") $(ticks "$t/stat")"; done |
    awk -v t="$tick" '{g=$1; sub(/[-#_]?[0-9]+$/, "", g); a[g]+=$2}
      END {for (k in a) if (a[k] >= t/5) printf "%s %.2f, ", k, a[k]/t}')
  echo "${groups%, }"
}
