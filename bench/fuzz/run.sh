#!/usr/bin/env bash
# Hostile bytes, the long run (not a test, not in CI): every parser that reads bytes from outside,
# fuzzed with at least INPUTS inputs (default 1,000,000), one after the other. The same properties
# run in the unit tests with jqwik's default of 1000 tries each (the viewer's with 20,000 inputs);
# here jqwik.tries.default and FUZZ_INPUTS raise them. A parser fuzzed by several properties
# (random bytes, mutated vectors, ...) shares its INPUTS among them. Prints one line per parser:
# its inputs, its seconds (the properties' own time, without Maven's start) and its outcome;
# docs/benchmarks.md, "Hostile bytes: fuzz runs", holds the last real run.
#
#   bench/fuzz/run.sh [--inputs N] [--only NAME[,NAME...]]
#
# NAMEs: browser-decoder, browser-coverage, host-handshake, rfb-decoder, rfb-coverage,
# rfb-handshake, relay, bearer-header, api-token, random-key, farm-token, bundle-reader,
# bundle-verifier, viewer-decoder. The two -coverage ones are Jazzer's coverage-guided runs
# (JAZZER_FUZZ=1) of the session host's byte decoders; their million executions are in their
# @FuzzTest annotations, --inputs does not change them. A failure names its input in hex; jqwik's
# report gives its seed (@Property(seed = "...") repeats it, and the next run tries the failing
# sample first), the viewer's its FUZZ_SEED, Jazzer writes a crash file.
# Run it under `nice`: it takes one core for an hour or more. Needs the modules compiled once
# (./mvnw -B -o test-compile -pl db,session-host,server) and web-client's npm install; the logs
# stay in a temporary directory it names at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
INPUTS=1000000
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --inputs) INPUTS="$2"; shift 2 ;;
    --only) ONLY=",$2,"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
LOGS="$(mktemp -d -t ventana-fuzz.XXXXXX)"
# Each line: name, module, test class, method filter (or *), how many properties share the inputs.
PARSERS="browser-decoder session-host BrowserMessageFuzzTest * 3
browser-coverage session-host BrowserMessageCoverageFuzzTest * 1
host-handshake session-host FarmTokenHandshakeFuzzTest * 1
rfb-decoder session-host RfbDecoderFuzzTest * 2
rfb-coverage session-host RfbDecoderCoverageFuzzTest * 1
rfb-handshake session-host RfbHandshakeFuzzTest * 1
relay server RelayFuzzTest * 1
bearer-header server BearerTokenFuzzTest authorizationHeaders 1
api-token server BearerTokenFuzzTest apiTokens 1
random-key server BearerTokenFuzzTest randomKeys 1
farm-token server FarmTokenFuzzTest * 1
bundle-reader server BundleReaderFuzzTest * 3
bundle-verifier server BundleVerifierFuzzTest mutatedManifestsAndHeaders 1
viewer-decoder web-client fuzz.test.js * 2"

printf '%-17s %12s %10s  %s\n' parser inputs seconds outcome
failed=0
while read -r name module class method shares; do
  if [ -n "$ONLY" ] && [[ "$ONLY" != *",$name,"* ]]; then
    continue
  fi
  tries=$(( (INPUTS + shares - 1) / shares ))
  log="$LOGS/$name.log"
  if [ "$module" = web-client ]; then
    if (cd web-client && npm run -s build >/dev/null && FUZZ_INPUTS=$tries FUZZ_REPORT=1 \
        timeout 3600 node --test "build/test/$class") >"$log" 2>&1; then outcome=pass; else outcome=FAIL; fi
    seconds=$(grep -o 'seconds=[0-9.]*' "$log" | cut -d= -f2 | paste -sd+ | bc)
    inputs=$(grep -o 'inputs=[0-9]*' "$log" | cut -d= -f2 | paste -sd+ | bc)
  else
    test="$class"
    [ "$method" != "*" ] && test="$class#$method"
    # A hang halts the test JVM (the fuzz Budget's watchdog); timeout is the last guard.
    jazzer=""
    [[ "$name" == *-coverage ]] && jazzer=1
    if env ${jazzer:+JAZZER_FUZZ=1} timeout 7200 ./mvnw -B -o test -pl "db,$module" -Dtest="$test" \
        -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$tries" >"$log" 2>&1; then
      outcome=pass
    else
      outcome=FAIL
    fi
    report="$module/target/surefire-reports/TEST-$(grep -rl "class $class" "$module/src/test/java" | head -1 \
      | sed "s#$module/src/test/java/##; s#/#.#g; s#\.java\$##").xml"
    seconds=$(grep -o 'testcase name="[^"]*" classname="[^"]*" time="[0-9.]*"' "$report" 2>/dev/null \
      | sed 's/.*time="\([0-9.]*\)"/\1/' | paste -sd+ | bc)
    if [ -n "$jazzer" ]; then # libFuzzer's last line: "#1000000 DONE cov: ..."
      inputs=$(grep -aoE '^#[0-9]+[[:space:]]+DONE' "$log" | tr -dc '0-9\n' | tail -1)
    else
      inputs=$(grep -aE '^tries = [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')
    fi
  fi
  [ "$outcome" = FAIL ] && failed=1
  printf '%-17s %12s %10.1f  %s\n' "$name" "${inputs:-0}" "${seconds:-0}" "$outcome"
done <<<"$PARSERS"
echo "logs: $LOGS"
exit $failed
