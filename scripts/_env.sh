# Shared by scripts/run and scripts/test: a virtual environment with the project installed.
# Re-installs only when pyproject.toml changed, so a second run starts in seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)." >&2
  exit 1
}

ensure_venv() {
  # two statements: within one `local`, $extras would still be the caller's (empty) value
  local extras="$1"
  local stamp=".venv/.installed${extras:+-$extras}"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    # (this machine's pip config names local mirrors that may be absent: hide that noise only)
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}" \
      2> >(grep -v "^WARNING: Location" >&2)
    touch "$stamp"
  fi
  .venv/bin/pybabel compile -d app/translations >/dev/null
}
