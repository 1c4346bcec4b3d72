#!/bin/sh
# Makes sure a Chromium for the browser tests exists (Debian's package); quiet when it already does.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
  echo "ensure-chromium: chromium was installed but $CHROMIUM is missing; set CHROMIUM_PATH" >&2
  exit 1
fi
cat >&2 <<MSG
ensure-chromium: no Chromium at $CHROMIUM.
Install it, e.g. on Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium/Chrome binary (e.g. CHROMIUM_PATH=/usr/bin/google-chrome).
MSG
exit 1
