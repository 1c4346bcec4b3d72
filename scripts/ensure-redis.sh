#!/bin/sh
# Makes sure a Redis server binary exists for the queue-backend tests (Debian's package); quiet when
# it already does. The tests start their own server on a free port and stop it after.
set -eu
command -v redis-server >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # the package may start a system service on 6379; the tests use their own server
  command -v redis-server >/dev/null 2>&1 && exit 0
  echo "ensure-redis: redis-server was installed but is not on PATH" >&2
  exit 1
fi
cat >&2 <<MSG
ensure-redis: no redis-server on PATH.
Install it, e.g. on Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y redis-server
MSG
exit 1
