#!/usr/bin/env bash
# The newcomer's first run: build, then watch one instance's notification
# lifecycle arrive on RabbitMQ (tail in the background, create + delete).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/commands/tail.js ] || npm run build --silent
state=$(mktemp -d)/demo.db
run() { ./bin/run.js "$@"; }

if ! timeout 2 bash -c '</dev/tcp/127.0.0.1/5672' 2>/dev/null; then
  echo "RabbitMQ does not answer on 127.0.0.1:5672 — start it with: rabbitmq-server -detached" >&2
  exit 1
fi

echo "# tail --lifecycle --check (its own queue: takes nothing from other consumers)"
run tail --lifecycle --check --count 6 --timeout 15 &
tail_pid=$!
sleep 1.5
echo "# instance create db1 2 --size 2 --datastore mysql --delay 1"
run instance create db1 2 --size 2 --datastore mysql --delay 1 --state "$state"
echo "# instance delete db1"
run instance delete db1 --state "$state"
wait "$tail_pid"
