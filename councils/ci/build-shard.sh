#!/bin/sh
# One CI job's share of the councils, for a partnership building many councils in parallel jobs:
#   councils/ci/build-shard.sh INDEX COUNT      # e.g. 2 4: the second of four equal shares
# Builds into site-councils/NAME/ (each atomically: NAME/current -> NAME/builds/ID) and packs the shard as
# site-councils-INDEX-of-COUNT.tar (OUT=folder: FOLDER-INDEX-of-COUNT.tar), which keeps the `current` links and the hard links between identical
# files (copy it to the server and unpack it there with `tar -xf`). COUNCILS=folder builds from another folder.
# The GitLab CI and GitHub Actions files beside this one call it; tests/site/test_council_shards.py runs it.
set -eu
cd "$(dirname "$0")/../.."
index=${1:?give INDEX COUNT, e.g. 1 4}
count=${2:?give INDEX COUNT, e.g. 1 4}
out=${OUT:-site-councils}
# the CI caches .venv and node_modules: setup only adds what is missing
if [ ! -x .venv/bin/python ] || [ ! -d node_modules/pyodide ]; then
  scripts/setup.sh
fi
set -- --shard "$index/$count" --out "$out"
if [ -n "${COUNCILS:-}" ]; then
  set -- "$@" --councils "$COUNCILS"
fi
.venv/bin/python -m toolkit_site.councils "$@"
pack="$out-$index-of-$count.tar"
# Python's tarfile, not GNU tar: tar fails ("file changed as we read it") whenever another build on this
# machine hard-links the same runtime file meanwhile, though not a byte of it changed
.venv/bin/python -c 'import sys, tarfile
with tarfile.open(sys.argv[2], "w") as pack: pack.add(sys.argv[1], arcname=".")' "$out" "$pack"
echo "shard $index of $count: $(du -sh "$out" | cut -f1) on disk (identical files stored once), packed as $pack"
