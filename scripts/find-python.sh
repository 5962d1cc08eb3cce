#!/usr/bin/env bash
# Print the best Python interpreter for planwatch: Django 6 needs Python >= 3.12; on a machine that only has
# 3.11 the project installs the Django 5.2 LTS instead (see pyproject.toml), so 3.11 still works.
set -eu
for cand in python3.13 python3.12 \
    "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 python3.11 python3; do
  if command -v "$cand" >/dev/null 2>&1 || [ -x "$cand" ]; then
    if "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$cand" 2>/dev/null || echo "$cand"
      exit 0
    fi
  fi
done
echo "planwatch needs Python 3.11 or newer; none was found" >&2
exit 1
