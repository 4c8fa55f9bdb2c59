#!/usr/bin/env bash
# msupgrade benchmark: times validate, plan and generate on models of 20 to 9,000 hosts as whole
# processes (the JVM start-up included), with the launcher's JVM flags; then rehearses the upgrade
# of a 40-host model with modelled command durations and measures its maintenance window. See
# bench/README.md.
#
#   bench/run.sh [--part all|generation|window|scale] [--runs N] [--sizes "20 200 2000 9000"] [--write]
#                [--no-build] [--jar JAR] [--window-hosts N] [--time-scale X] [--durations FILE]
#                [--scale-sizes "20 100 200"]
#
#   --part P    generation (the table of times), window (the maintenance window), scale (the
#               rehearsal at 20, 100, 200 hosts: hours on 2 cores, so not part of all), or all
#               (generation and window; the default)
#   --runs N    timed runs per measurement (default 5, or $BENCH_RUNS); the table shows the median
#   --sizes S   model sizes in hosts, multiples of 20 (default "20 200 2000 9000")
#   --write     also rewrite bench/RESULTS.md with the table, the machine and the date, and keep
#               every run's figures in bench/results-raw.tsv
#   --no-build  use the jar as it is (default: build it once with Maven first)
#   --jar JAR   time another jar (a copy of an older build, to compare); implies --no-build
#   --no-cds    without the AppCDS archive (to see what it saves)
#   --window-hosts N  hosts of the window's model (default 40, a multiple of 20)
#   --time-scale X    real seconds a simulated command sleeps per modelled second (default 0.02)
#   --durations FILE  modelled durations overriding the simulator's defaults (JSON)
#   --scale-sizes S   the scale part's estates in hosts, multiples of 20 (default "20 100 200")
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"

runs="${BENCH_RUNS:-5}"
sizes="20 200 2000 9000"
write=false
build=true
other_jar=
cds=true
part=all
window_hosts=40
scale_sizes="20 100 200"
time_scale=0.02
durations=
while [ $# -gt 0 ]; do
  case "$1" in
    --part) part="$2"; shift 2 ;;
    --window-hosts) window_hosts="$2"; shift 2 ;;
    --scale-sizes) scale_sizes="$2"; shift 2 ;;
    --time-scale) time_scale="$2"; shift 2 ;;
    --durations) durations="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --write) write=true; shift ;;
    --no-build) build=false; shift ;;
    --no-cds) cds=false; shift ;;
    --jar) other_jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; build=false; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: --runs needs a positive number" >&2; exit 2; }
case "$part" in all|generation|window|scale) ;; *) echo "bench/run.sh: --part is all, generation, window or scale" >&2; exit 2 ;; esac
if [ "$part" != generation ]; then
  command -v ansible-playbook >/dev/null || {
    echo "bench/run.sh: the $part part rehearses with the real ansible-playbook, which is not installed" \
         "(./test.sh installs it; or --part generation)" >&2; exit 2; }
fi

# GNU time reports peak RSS (%M); the shell keyword does not. Debian package: time.
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing GNU time (apt-get install time)" >&2
    apt-get install -y -qq time >/dev/null
  else
    echo "bench/run.sh: needs GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time)" >&2
    exit 2
  fi
fi
command -v python3 >/dev/null || { echo "bench/run.sh: needs python3" >&2; exit 2; }

# The launcher's JVM flags and java command line (one definition, in ./msupgrade).
# shellcheck source=../msupgrade
source "$root/msupgrade"
[ -n "$other_jar" ] && jar="$other_jar"
if $build; then
  echo "bench: building the jar (mvn -q -B -Dmaven.test.skip=true package)" >&2
  (cd "$root" && mvn -q -B -Dmaven.test.skip=true package >&2)
fi
[ -f "$jar" ] || { echo "bench/run.sh: no jar at $jar (drop --no-build)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/msupgrade-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Time a private copy: others working in the same tree rebuild generator/target/msupgrade.jar (the
# launcher does when sources change), and a jar replaced under a running JVM breaks it.
cp "$jar" "$work/msupgrade.jar"
jar="$work/msupgrade.jar"
if $cds; then
  # The AppCDS archive beside the copy, as the launcher makes it on its first run after a build
  # (untimed here).
  msupgrade_make_cds
  [ -f "$(msupgrade_cds)" ] || echo "bench: could not write the AppCDS archive; timing without it" >&2
fi
msupgrade_java_command # sets msupgrade_java=(java FLAGS... -jar JAR), as the launcher runs it
if ! $cds; then
  # The same command line without the archive flags.
  filtered=()
  for a in "${msupgrade_java[@]}"; do
    case "$a" in -XX:SharedArchiveFile=*|-Xlog:cds*) ;; *) filtered+=("$a") ;; esac
  done
  msupgrade_java=("${filtered[@]}")
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }

# The maintenance window: rehearse the upgrade of a genmodel.py model with modelled durations
# slept at the time scale, then print (and with --write, keep) the table of bench/window.py.
window_part() {
  local model="$work/window-model.yaml" out="$work/window" rc=0 before after
  python3 "$bench/genmodel.py" "$window_hosts" > "$model"
  local args=(rehearse "$model" -o "$out" --scenario upgrade --time-scale "$time_scale")
  [ -n "$durations" ] && args+=(--durations "$durations")
  before="$(load)"
  echo "bench: window: rehearsing the upgrade of $window_hosts hosts at time scale $time_scale (about 20-40 min on 2 cores)" >&2
  "${msupgrade_java[@]}" "${args[@]}" > "$work/window.out" 2> "$work/window.err" || rc=$?
  after="$(load)"
  if [ ! -f "$out/rehearsal/report.json" ]; then
    echo "bench: the rehearsal wrote no report (exit $rc):" >&2; tail -n 20 "$work/window.err" >&2; exit 1
  fi
  [ "$rc" = 0 ] || echo "bench: the rehearsal exited $rc: its invariants did not all hold (see the table)" >&2
  local dlabel="the simulator defaults"
  [ -n "$durations" ] && dlabel="$durations"
  local meta=(--meta "date=$(date -u '+%Y-%m-%d %H:%M UTC')" --meta "hosts=$window_hosts"
              --meta "load_before=$before" --meta "load_after=$after"
              --meta "durations=$dlabel"
              --meta "machine=$(nproc) logical CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)")
  python3 "$bench/window.py" "$out/rehearsal/report.json" "${meta[@]}"
  if $write; then
    python3 "$bench/window.py" "$out/rehearsal/report.json" "${meta[@]}" --results "$bench/RESULTS.md" > /dev/null
    # the window's figures as the rehearsal reported them, to recompute or compare the table
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); json.dump({"deployment": r["deployment"], "passed": r["passed"], "real_seconds": r.get("real_seconds"), "window": r["window"]}, open(sys.argv[2], "w"), indent=1)' \
      "$out/rehearsal/report.json" "$bench/window-raw.json"
    echo "bench: wrote the maintenance window section of bench/RESULTS.md" >&2
  fi
}
if [ "$part" = window ]; then
  window_part
  exit 0
fi

# The rehearsal at scale: the upgrade of growing estates, Ansible's cost per host and task and the
# controller's memory (bench/scale.py).
if [ "$part" = scale ]; then
  python3 "$bench/scale.py" --java "${msupgrade_java[*]}" --work "$work" --sizes "$scale_sizes" \
    --meta "machine=$(nproc) logical CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)" \
    $($write && printf -- '--results %s --raw %s' "$bench/RESULTS.md" "$bench/scale-raw.json")
  $write && echo "bench: wrote the rehearsal-at-scale section of bench/RESULTS.md" >&2
  exit 0
fi

raw="$work/raw.tsv"      # size, command, run, wall s, user s, sys s, peak RSS KiB
: > "$raw"

load_before="$(load)"
echo "bench: ${runs} runs per measurement; load average $load_before; work dir $work" >&2

# time_run SIZE LABEL EXPECTED_RC CMD...: $runs timed runs (after $warmup untimed ones). An
# argument @OUT@ becomes a new folder for every run (generate's -o).
#
# Every run's output stays until the bench ends (the EXIT trap removes $work), none is deleted
# between runs: on a file system that keeps freshly freed inodes out of reuse for a minute or more
# (ext4 without a journal, as on the machine of RESULTS.md), each file created after a big
# deletion scans past every inode just freed. Deleting the previous run's 10,000-host tree right
# before a run added 3 s of system time to it: a cost of the bench's own clean-up, not of msupgrade.
warmup=1 # the first measurement gets one untimed run: the jar into the page cache
outputs=0
time_run() {
  local size="$1" label="$2" want="$3"; shift 3
  local i rc a out="$work/out" err="$work/err" t="$work/time" cmd
  for i in $(seq $((1 - warmup)) "$runs"); do
    outputs=$((outputs + 1))
    cmd=()
    for a in "$@"; do cmd+=("${a//@OUT@/$work/gen-$outputs}"); done
    rc=0
    /usr/bin/time -f '%e %U %S %M' -o "$t" "${cmd[@]}" >"$out" 2>"$err" || rc=$?
    if [ "$rc" != "$want" ]; then
      echo "bench: '$label' on $size hosts exited $rc (expected $want):" >&2
      tail -n 5 "$err" >&2
      exit 1
    fi
    if [ "$i" -ge 1 ]; then
      printf '%s\t%s\t%s\t%s\n' "$size" "$label" "$i" "$(tr ' ' '\t' < "$t")" >> "$raw"
    fi
  done
  printf 'bench: %-8s %-22s %s\n' "$size" "$label" "$(awk -F'\t' -v s="$size" -v l="$label" \
      '$1==s && $2==l {printf "%s ", $4}' "$raw")s" >&2
  warmup=0
}

# Pure start-up: the JVM, picocli, --version.
time_run - "--version" 0 "${msupgrade_java[@]}" --version
# (./msupgrade itself is not timed: with sources newer than the jar, as while others edit the
# tree, it would rebuild the jar inside the measurement. Its own cost is in bench/README.md.)

for n in $sizes; do
  model="$work/model-$n.yaml"
  python3 "$bench/genmodel.py" "$n" > "$model"
  time_run "$n" "validate" 0 "${msupgrade_java[@]}" validate "$model"
  time_run "$n" "plan --format json" 0 "${msupgrade_java[@]}" plan "$model" --format json
  time_run "$n" "generate" 0 "${msupgrade_java[@]}" generate "$model" -o @OUT@
done
load_after="$(load)"

args=(--raw "$raw" --runs "$runs" --load-before "$load_before" --load-after "$load_after"
      --java-cmd "$(printf '%s' "${msupgrade_java[*]}" | sed "s|$work/|COPY/|g")")
python3 "$bench/report.py" "${args[@]}"
if $write; then
  # report.py writes the whole file; the other parts' sections are kept as they were
  [ -f "$bench/RESULTS.md" ] && cp "$bench/RESULTS.md" "$work/results-before.md"
  python3 "$bench/report.py" "${args[@]}" --results "$bench/RESULTS.md"
  python3 "$bench/sections.py" keep "$work/results-before.md" "$bench/RESULTS.md" --except "## Generation"
  cp "$raw" "$bench/results-raw.tsv" # every run's figures, to recompute or compare
  echo "bench: wrote bench/RESULTS.md" >&2
fi
if [ "$part" = all ]; then
  window_part
fi
