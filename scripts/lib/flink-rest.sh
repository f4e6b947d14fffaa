# Sourced by the scripts: where the Flink cluster of a work folder serves its REST API.
# rest_url_of <workdir> prints http://127.0.0.1:<port> (the port written by flink-cluster.sh start,
# or 8081).
rest_url_of() {
  local workdir="$1"
  if [[ -f "$workdir/rest-port" ]]; then
    echo "http://127.0.0.1:$(cat "$workdir/rest-port")"
  else
    echo "http://127.0.0.1:8081"
  fi
}
