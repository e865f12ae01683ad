# Shared set-up for scripts/run and scripts/test (sourced, not run): a virtualenv in .venv with the
# requirements installed (reinstalled only when a requirements file changes) and the translations compiled (only
# when a catalogue changed): a warm start does no pip or pybabel work.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REQS="${1:-requirements.txt}"
PY="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$REQS" | sha256sum | cut -c1-16)-$(basename "$REQS")"
if [ ! -f "$stamp" ]; then
  echo "==> Installing $REQS"
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$REQS"
  touch "$stamp"
fi
# Compile the translations only when a catalogue is newer than its compiled file (pybabel costs a second or two).
for po in translations/*/LC_MESSAGES/messages.po; do
  if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
    .venv/bin/pybabel compile --use-fuzzy -d translations >/dev/null 2>&1
    break
  fi
done
export PATH="$ROOT/.venv/bin:$PATH"
export FLASK_APP=wsgi
