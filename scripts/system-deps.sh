#!/usr/bin/env bash
# Install the Debian packages planwatch needs, once: CJK fonts for charts and reports, LibreOffice (Writer,
# headless) to turn reports into PDF, poppler-utils (pdffonts, pdftoppm) to check them, PostgreSQL for the
# production-database tests, Chromium for the browser tests. Skipped when they are already there.
set -eu
want="fonts-noto-cjk libreoffice-writer-nogui poppler-utils"
case "${1:-}" in
  test) want="$want postgresql chromium" ;;
esac
missing=""
for pkg in $want; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
