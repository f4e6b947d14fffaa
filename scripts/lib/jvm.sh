# Sourced by the scripts. QUICK_JVM_FLAGS: JVM flags for a command-line tool, a JVM that works for
# seconds: the quick compiler only and the serial collector. They halve its CPU (a submit.sh: 11 s
# of CPU to 4.5 s), which is what its time is on a busy machine. Not for pipelines run for their
# throughput (run.sh, the benchmarks) nor for servers.
QUICK_JVM_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
