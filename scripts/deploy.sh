#!/usr/bin/env bash
# npm run deploy: apply the migrations to the Turso database, build the LIFF app, deploy the Worker.
# Needs DATABASE_URL (libsql://…) and DATABASE_AUTH_TOKEN of the Turso database, and wrangler logged in
# (npx wrangler login) or CLOUDFLARE_API_TOKEN set. See README.md, "Deploying to Cloudflare".
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the Turso database URL (libsql://<db>-<org>.turso.io)}"
: "${DATABASE_AUTH_TOKEN:?set DATABASE_AUTH_TOKEN (turso db tokens create <db>)}"
case "$DATABASE_URL" in
  file:*) echo "DATABASE_URL is a local file; deploy needs the Turso URL." >&2; exit 1 ;;
esac

echo "1/3 applying migrations to $DATABASE_URL"
# drizzle-kit migrate can fail with exit code 1 and print nothing: say so ourselves.
if ! npx drizzle-kit migrate; then
  echo "Migrations failed (drizzle-kit exit code $?). Nothing was deployed." >&2
  exit 1
fi
echo "2/3 building the LIFF app"
npm run build
echo "3/3 deploying the Worker"
npx wrangler deploy
