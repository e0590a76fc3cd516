#!/bin/sh
# Install the Debian packages Lontar needs that are missing (apt-get update first).
#   scripts/system_deps.sh run    what the running app needs: Tesseract with its
#                                 Indonesian and orientation models, Ghostscript (OCRmyPDF's
#                                 PDF/A) and Poppler (page images, thumbnails) for reading
#                                 scans; Pango with HarfBuzz and a font for WeasyPrint's PDFs
#   scripts/system_deps.sh test   the above, plus a PostgreSQL server (the tests start
#                                 their own throw-away cluster), Chromium (browser tests) and
#                                 Node.js with npm (installs axe-core, which the browser
#                                 tests inject into pages)
# Uses sudo when not root and sudo exists.
set -eu
need=${1:-run}
missing=""
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
ls /usr/share/tesseract-ocr/*/tessdata/ind.traineddata >/dev/null 2>&1 \
    || missing="$missing tesseract-ocr-ind"
# Orientation detection (--psm 0) of pages photographed sideways or upside down.
ls /usr/share/tesseract-ocr/*/tessdata/osd.traineddata >/dev/null 2>&1 \
    || missing="$missing tesseract-ocr-osd"
command -v gs >/dev/null 2>&1 || missing="$missing ghostscript"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
# WeasyPrint (the dossier's summary and the reports' PDFs) loads Pango and HarfBuzz's
# subsetter with dlopen, and needs a font.
ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || missing="$missing libpango-1.0-0"
ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || missing="$missing libpangoft2-1.0-0"
ls /usr/lib/*/libharfbuzz-subset.so.0 >/dev/null 2>&1 || missing="$missing libharfbuzz-subset0"
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 \
    || missing="$missing fonts-dejavu-core"
if [ "$need" = test ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
sudo=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo=sudo; fi
echo "Installing system packages:$missing"
$sudo apt-get update
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
