#!/usr/bin/env bash
# Refresh the partial Plotly bundle embedded in every HTML report (src/detente/report/assets/).
# The report draws only cartesian traces (scatter, bar, heatmap), so it embeds plotly.js's
# official "cartesian" distribution (about 1.5 MB) instead of the full bundle (4.8 MB) that
# the plotly package ships. Its version must be the plotly.js version of the installed plotly
# package, whose figures it draws. Usage: scripts/update-plotly-bundle.sh  (needs npm; run by
# hand when the plotly package is upgraded; nothing is fetched at run time or by the tests).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-$here/.venv/bin/python}
version=$("$py" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js-cartesian-dist-min@$version" >/dev/null && tar xzf ./*.tgz)
dest=$here/src/detente/report/assets
install -m 644 "$tmp/package/plotly-cartesian.min.js" "$dest/plotly-cartesian.min.js"
install -m 644 "$tmp/package/LICENSE" "$dest/plotly-cartesian.LICENSE.txt"
echo "$version" > "$dest/plotly-cartesian.version"
echo "plotly.js-cartesian-dist-min $version -> $dest"
