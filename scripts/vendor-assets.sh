#!/bin/sh
# Refresh the vendored front-end assets under thidua/static/vendor from the npm registry.
# Pages never load a CDN; run this only to upgrade, then commit the result.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent bootstrap@5.3.9 htmx.org@2.0.11 chart.js@4.6.1 bootstrap-icons@1.13.2
dest="$here/thidua/static/vendor"
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/chartjs" "$dest/bootstrap-icons/fonts"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
cp node_modules/chart.js/dist/chart.umd.min.js "$dest/chartjs/"
cp node_modules/chart.js/LICENSE.md "$dest/chartjs/LICENSE.md"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dest/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp node_modules/bootstrap-icons/LICENSE "$dest/bootstrap-icons/LICENSE"
echo "vendored into $dest"
