#!/bin/sh
# The whole stack in Docker: `docker compose up --build`, after giving it a BILLY_SECRET_KEY.
# On the first run it writes a random key into .env (git- and docker-ignored), which compose
# reads from then on. Keep that file: the key opens the processor keys stored in the database.
set -eu
cd "$(dirname "$0")/.."
if ! grep -qs '^BILLY_SECRET_KEY=.' .env; then
  printf 'BILLY_SECRET_KEY=%s\n' "$(head -c 48 /dev/urandom | base64 | tr -d '\n')" >>.env
  echo "Wrote a new random BILLY_SECRET_KEY to .env"
fi
exec docker compose up --build "$@"
