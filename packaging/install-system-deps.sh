#!/bin/sh
# Install the Debian packages in packaging/system-packages.txt that are missing.
# Quick when everything is there (one dpkg-query); apt-get update only when something is missing.
set -eu
here=$(dirname "$0")
# first word of each line (the second, if any, is the role: build / test); comments dropped
wanted=$(sed 's/#.*//' "$here/system-packages.txt" | awk 'NF { print $1 }' | tr '\n' ' ')
missing=""
for pkg in $wanted; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $pkg"
done
if [ -z "$missing" ]; then
  exit 0
fi
echo "Installing system packages:$missing"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
