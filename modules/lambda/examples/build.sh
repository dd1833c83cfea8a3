#!/usr/bin/env bash
# Build the example functions' zips deterministically, as CI does before `terraform plan`:
#   modules/lambda/examples/build.sh            -> every examples/*/src  -> examples/*/build/function.zip
#   modules/lambda/examples/build.sh SRC OUT    -> one source dir        -> OUT (a .zip path)
# Same sources give the same bytes, so filebase64sha256() and the function's source_code_hash stay
# stable and Terraform plans no change until the code changes. The zip is made by `python3 -m zipfile`
# from a staging copy whose files all get one fixed mtime (1980-01-01, the zip epoch) and fixed modes;
# entries are added in sorted order and TZ=UTC pins the stored local time.
set -euo pipefail

build_one() {
  local src=$1 out=$2 stage
  [ -d "$src" ] || { echo "build.sh: no source directory $src" >&2; return 1; }
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' RETURN
  # Copy without caches or editor files; fix modes and mtimes.
  (cd "$src" && find . -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -name '.*' -print0 |
    LC_ALL=C sort -z | xargs -0 -I{} cp --parents {} "$stage/")
  find "$stage" -type d -exec chmod 0755 {} +
  find "$stage" -type f -exec chmod 0644 {} +
  find "$stage" -exec touch -h -d '1980-01-01 00:00:00 UTC' {} +
  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  local out_abs
  out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
  # Top-level entries in sorted order; python's zipfile walks directories in sorted order too.
  local entries=()
  mapfile -t entries < <(cd "$stage" && LC_ALL=C ls -A)
  (cd "$stage" && TZ=UTC python3 -m zipfile -c "$out_abs" "${entries[@]}")
  echo "$out_abs $(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1],"rb").read()).digest()).decode())' "$out_abs")"
}

if [ $# -eq 2 ]; then
  build_one "$1" "$2"
elif [ $# -eq 0 ]; then
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  for src in "$here"/*/src; do
    build_one "$src" "$(dirname "$src")/build/function.zip"
  done
else
  echo "usage: $0 [SRC_DIR OUT_ZIP]" >&2
  exit 2
fi
