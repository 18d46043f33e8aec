#!/bin/sh
# The one way the host is published: the image build (deploy/Dockerfile) runs it, and so does CI,
# which then runs the published host behind the proxy (.ci/deploy-check, .ci/proxy-test).
#   deploy/publish.sh OUT_DIR      (from the repository root)
set -eu
exec dotnet publish src/Backend.Host -c Release -o "${1:?usage: deploy/publish.sh OUT_DIR}" --no-self-contained
