#!/usr/bin/env bash
# The server's build bundles the dashboard's front-end libraries with npm (Node.js 20+). As root,
# installs Debian's nodejs and npm when npm is missing; otherwise says what that costs. Never fails.
if command -v npm >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing nodejs and npm for the dashboard's build..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
else
  echo "note: npm is missing and this is not root: the dashboard is built without its graph layout and API reference, and their tests are skipped (they fail under CI=true). Install Node.js 20+ with npm." >&2
fi
exit 0
