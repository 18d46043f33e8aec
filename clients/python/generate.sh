#!/usr/bin/env bash
# Generates the Python client of the Backend contract with stock protoc and grpc_python_plugin
# (Debian: protobuf-compiler, protobuf-compiler-grpc; runtime python3-grpcio, python3-protobuf).
#   clients/python/generate.sh GOOGLEAPIS_DIR [OUT_DIR]
# GOOGLEAPIS_DIR holds google/rpc/status.proto and google/rpc/error_details.proto (a googleapis
# checkout, or the google-proto-files npm package): the error details every non-OK answer carries,
# and whatever else under google/ the contract imports. OUT_DIR defaults to clients/python/generated.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
googleapis=$(cd "${1:?usage: generate.sh GOOGLEAPIS_DIR [OUT_DIR]}" && pwd)
out=${2:-$root/clients/python/generated}

# The contract's own files, then every google/ file they import (the protobuf runtime already
# ships google/protobuf), followed transitively, plus the error details.
mapfile -t files < <(cd "$root/protos" && find . -name '*.proto' | sed 's|^\./||' | sort)
pending=(google/rpc/status.proto google/rpc/error_details.proto)
for file in "${files[@]}"; do
  pending+=($(sed -n 's/^import "\(google\/[^"]*\)";/\1/p' "$root/protos/$file"))
done
while [ ${#pending[@]} -gt 0 ]; do
  file=${pending[0]}
  pending=("${pending[@]:1}")
  case " ${files[*]} " in *" $file "*) continue ;; esac
  case "$file" in google/protobuf/*) continue ;; esac
  [ -f "$root/protos/$file" ] || [ -f "$googleapis/$file" ] || { echo "cannot find $file" >&2; exit 1; }
  files+=("$file")
  source=$root/protos/$file
  [ -f "$source" ] || source=$googleapis/$file
  pending+=($(sed -n 's/^import "\(google\/[^"]*\)";/\1/p' "$source"))
done

rm -rf "$out"
mkdir -p "$out"
protoc -I "$root/protos" -I "$googleapis" \
  --python_out="$out" --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
  "${files[@]}"
echo "generated $(find "$out" -name '*.py' | wc -l) modules from ${#files[@]} files into $out"
