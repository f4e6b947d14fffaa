# Sourced by the scripts: usage from the script's
# header comment, and loopback ports.

# usage <last header line>: prints the script's header comment (from line 2) and exits 2.
usage_from_header() {
  sed -n "2,$1p" "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# listening <port>: whether something listens on that TCP port.
listening() {
  ss -ltnH "( sport = :$1 )" | grep -q .
}

# free_port: a TCP port nothing listens on.
free_port() {
  local candidate
  for _ in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 40000))
    if ! listening "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  echo "No free port found" >&2
  return 1
}
