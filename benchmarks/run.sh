#!/usr/bin/env bash
# Builds the benchmarks and runs the whole matrix of issue 6 on this machine, printing Markdown tables of ratios
# (each against the comparison measured in the same run). Loopback only; every loop is bounded in count and time.
#
#   benchmarks/run.sh              full matrix, about 20 minutes on 2 cores
#   benchmarks/run.sh --quick      smoke run, about 3 minutes
#   benchmarks/run.sh --rows=1,6   only these rows of the load harness (JMH is row 8a; add --no-jmh to skip it)
#   benchmarks/run.sh --jmh-only   only the JMH micro benchmarks
#   benchmarks/run.sh --profile=r1-startle-openssl   record that client with JFR (file named in the output)
#
# Results: benchmarks/target/results.md (and stdout); JMH: benchmarks/target/jmh.csv; logs: the path printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=""
ROWS=""
JMH=1
MATRIX=1
PROFILE=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK="--quick" ;;
    --rows=*) ROWS="$arg" ;;
    --no-jmh) JMH=0 ;;
    --jmh-only) MATRIX=0 ;;
    --profile=*) PROFILE="$arg" ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA25="${STARTLE_BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

echo "== building (benchmarks and their Startle modules; tests skipped)" >&2
if ! ./mvnw -q -o -pl benchmarks,benchmarks/niosmtp -am package -DskipTests >&2; then
  ./mvnw -q -pl benchmarks,benchmarks/niosmtp -am package -DskipTests >&2
fi

CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
NIO_CP="benchmarks/niosmtp/target/classes:$(cat benchmarks/niosmtp/target/classpath.txt)"
rm -f benchmarks/target/jmh.csv

RUN_JMH=0
if [ "$JMH" = 1 ] && { [ "$MATRIX" = 0 ] || [ -z "$ROWS" ] || [[ "$ROWS" == *8* ]]; }; then
  RUN_JMH=1
fi
if [ "$RUN_JMH" = 1 ]; then
  echo "== JMH (row 8a)" >&2
  if [ -n "$QUICK" ]; then
    JMH_OPTS=(-wi 1 -w 1 -i 2 -r 1 -f 1)
  else
    JMH_OPTS=()   # the annotations: 3 x 1 s warm-up, 5 x 1 s measurement, 1 fork
  fi
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${JMH_OPTS[@]}" -rf csv -rff benchmarks/target/jmh.csv \
      'dev.startle.benchmarks.jmh.*' >&2
fi

MATRIX_ARGS=(--cp="$CP" --nio-cp="$NIO_CP" --java25="$JAVA25" --out=benchmarks/target/results.md
             --jmh=benchmarks/target/jmh.csv)
[ -n "$QUICK" ] && MATRIX_ARGS+=("$QUICK")
[ -n "$PROFILE" ] && MATRIX_ARGS+=("$PROFILE")
if [ "$MATRIX" = 0 ]; then
  MATRIX_ARGS+=(--rows=none)
elif [ -n "$ROWS" ]; then
  MATRIX_ARGS+=("$ROWS")
fi
echo "== load harness" >&2
"$JAVA" -cp "$CP" dev.startle.benchmarks.harness.Matrix "${MATRIX_ARGS[@]}"
