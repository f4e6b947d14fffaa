# Sourced by the scripts: where the Flink cluster of a work folder serves its REST API.
# rest_url_of <workdir> prints http://127.0.0.1:<port>: the port flink-cluster.sh start wrote (the
# leader's, with high availability), or, when that JobManager no longer answers, the first other
# JobManager of the cluster that does (a standby serves the REST API by asking the leader);
# 8081 without a port file.
rest_url_of() {
  local workdir="$1" port first=""
  for port in $(cat "$workdir/rest-port" "$workdir"/rest-ports/* 2>/dev/null); do
    [[ -n "$first" ]] || first="$port"
    if curl -sf -m 3 "http://127.0.0.1:$port/config" > /dev/null 2>&1; then
      echo "http://127.0.0.1:$port"
      return
    fi
  done
  echo "http://127.0.0.1:${first:-8081}"
}
