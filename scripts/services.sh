#!/usr/bin/env bash
# Starts the local services the test suite talks to (PostgreSQL, NATS) if they are installed
# but not answering. Best effort: on a machine without them the suite skips those tests.
set -u

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! up 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  else
    echo "services: PostgreSQL is not running and not installed here; its tests will be skipped"
  fi
fi
if ! up 4222; then
  if [ -x /usr/sbin/nats-server ]; then
    echo "services: starting NATS"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
  fi
fi
for _ in $(seq 1 30); do up 5432 && break; sleep 1; done
exit 0
