#!/bin/sh
# Re-records Python superlance 2.0.0's normalised results for the differential suite
# (src/test/resources/differential/python-2.0.0/), running each scenario through Python and ours under
# supervisord, and fails on any difference not in src/test/resources/differential/allowed-differences.txt.
#   scripts/record-differential.sh DIR   DIR holds superlance 2.0.0's sources (DIR/superlance/crashmail.py ...);
#                                        run with /usr/bin/python3, which must import supervisor
#   scripts/record-differential.sh       a virtual environment with superlance==2.0.0 at target/python-superlance
# Only the results are kept in the repository, never superlance's code.
set -eu
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  [ -f "$1/superlance/crashmail.py" ] || { echo "no superlance sources in $1" >&2; exit 2; }
  export SUPERLANCE_PYTHON_SUPERLANCE="$(cd "$1" && pwd)"
elif [ ! -x target/python-superlance/bin/python3 ]; then
  echo "give the directory of superlance 2.0.0's sources, or make target/python-superlance (python3 -m venv," >&2
  echo "then pip install superlance==2.0.0 supervisor)" >&2
  exit 2
fi
mvn -B verify -DskipFuzz=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DifferentialIT \
  -Ddifferential.record=true
git status --short src/test/resources/differential/
