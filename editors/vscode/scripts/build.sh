#!/usr/bin/env bash
# Builds the VS Code extension from a clean checkout: install, typecheck, unit tests,
# bundle, package. Leaves editors/vscode/flowlint-<version>.vsix. Used by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
npm run compile
npm test
npm run bundle
npm run package

ls -l ./*.vsix
