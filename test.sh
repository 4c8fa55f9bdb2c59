#!/usr/bin/env bash
# The whole test suite, as a new user and CI run it: installs what the tests need when it is
# missing (Debian packages for Ansible and the linters, the pinned HCL parser from npm), then runs
# the simulator's and the roles' modules' tests and every Java test (which drive the real
# ansible-playbook, ansible-lint, yamllint and HashiCorp's HCL parser on generated trees).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v ansible-playbook >/dev/null 2>&1 || need_apt+=(ansible)
command -v ansible-lint >/dev/null 2>&1 || need_apt+=(ansible-lint)
command -v yamllint >/dev/null 2>&1 || need_apt+=(yamllint)
# what AWX's execution nodes run for a job: one rehearsal goes through it (RehearsalTest)
command -v ansible-runner >/dev/null 2>&1 || need_apt+=(python3-ansible-runner)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v git >/dev/null 2>&1 || need_apt+=(git)
# the rehearsal's host Python client (simulator/msim_client.c); without it rehearsals run slower
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f tools/hcl2json/package.json ] && [ ! -d tools/hcl2json/node_modules/@cdktf/hcl2json ]; then
  echo "test.sh: installing the pinned HCL parser (npm ci in tools/hcl2json)"
  (cd tools/hcl2json && npm ci --no-audit --no-fund --loglevel=error)
fi

# The simulator's tests and the roles' own modules' tests (each through the real ansible-playbook)
# in two lanes, one per core: one ansible-playbook run keeps about one core busy. The second lane
# takes the three longest role test files; the first every other file, so a new one runs too.
lane2=(test_migrate_caches test_coexistence_install test_msupgrade_marker)
lane1=()
for f in roles-tests/test_*.py; do
  m="$(basename "$f" .py)"
  [[ " ${lane2[*]} " == *" $m "* ]] || lane1+=("$m")
done
logs="$(mktemp -d "${TMPDIR:-/tmp}/msupgrade-test.XXXXXX")"
echo "test.sh: simulator tests and role module tests, two lanes (logs: $logs)"
( set -e
  [ ! -d simulator/tests ] || /usr/bin/python3 -m unittest discover -s simulator/tests -t simulator/tests
  cd roles-tests && /usr/bin/python3 -m unittest "${lane1[@]}" ) > "$logs/lane1.log" 2>&1 &
pid1=$!
( cd roles-tests && /usr/bin/python3 -m unittest "${lane2[@]}" ) > "$logs/lane2.log" 2>&1 &
pid2=$!
rc1=0; wait "$pid1" || rc1=$?
rc2=0; wait "$pid2" || rc2=$?
cat "$logs/lane1.log" "$logs/lane2.log"
if [ "$rc1" != 0 ] || [ "$rc2" != 0 ]; then
  echo "test.sh: the simulator or role module tests failed (lane exits $rc1, $rc2)" >&2
  exit 1
fi
rm -rf "$logs"

# verify: the unit tests, then the jar and the release archive (package), then the tests that need
# them (failsafe's *IT classes: the jar run as a JVM of its own, the archive unpacked and run with
# Java alone), so they run on a fresh clone too instead of skipping.
echo "test.sh: Java tests (mvn verify)"
exec mvn -B --no-transfer-progress -Dstyle.color=never verify "$@"
