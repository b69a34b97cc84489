#!/usr/bin/env bash
# The MQTT stream benchmark (docs/PERFORMANCE.md): starts mosquitto with the engine's settings
# (Datasets/examples/mosquitto.conf) on a free port, runs `chargeshare bench stream` against it,
# stops the broker by its PID.
# Usage: scripts/bench-stream.sh [BINARY] [bench stream options...]   (default .build/release/chargeshare)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/chargeshare
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then bin=$1; shift; fi
dir=$(mktemp -d)
chmod 777 "$dir"  # mosquitto started as root runs as the user mosquitto
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -e "s|^listener .*|listener $port 127.0.0.1|" -e "s|^persistence_location .*|persistence_location $dir/|" \
  Datasets/examples/mosquitto.conf > "$dir/mosquitto.conf"
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
"$mosquitto" -c "$dir/mosquitto.conf" 2> "$dir/broker.log" &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.05
done
if ! kill -0 "$broker" 2>/dev/null; then
  echo "bench-stream: mosquitto did not start:" >&2
  cat "$dir/broker.log" >&2
  exit 1
fi
"$bin" bench stream --mqtt "mqtt://127.0.0.1:$port" "$@"
