#!/bin/sh
# Runs a command with Node.js 24 first on PATH (see use-node24.sh), so `npm test` and `npm run o3care` work on a
# machine whose own node is older.
. "$(dirname "$0")/use-node24.sh" || exit 1
exec "$@"
