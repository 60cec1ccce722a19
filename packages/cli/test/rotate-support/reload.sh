#!/bin/sh
# The rotate tests' reload command, run on a "node" over SSH: stops the node's HTTPS server and
# starts it again on what the target holds, detached (new session, no inherited descriptors) so
# the SSH channel closes. A file `fail-next-reload` in the node directory makes the next reload
# fail (and is removed). Usage: reload.sh <node> <node-dir> <target-dir> <https-port>
set -u
node=$1 node_dir=$2 target=$3 port=$4
pid_file="$node_dir/https.pid"
here=$(dirname "$0")

if [ -e "$node_dir/fail-next-reload" ]; then
  rm -f "$node_dir/fail-next-reload"
  echo 'reload refused: fail-next-reload was set' >&2
  exit 3
fi
if [ -s "$pid_file" ]; then
  pid=$(cat "$pid_file")
  rm -f "$pid_file"
  kill "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
fi
rm -f "$pid_file"
setsid "$node" "$here/https-node.mjs" "$target" "$port" "$pid_file" </dev/null >"$node_dir/https.log" 2>&1 &
server=$!
# The server writes its pid file once it listens; a set it cannot load makes it exit instead.
tries=0
while [ ! -s "$pid_file" ]; do
  if ! kill -0 "$server" 2>/dev/null || [ "$tries" -gt 3000 ]; then
    echo 'the HTTPS server did not start:' >&2
    cat "$node_dir/https.log" >&2
    exit 4
  fi
  tries=$((tries + 1))
  sleep 0.02
done
