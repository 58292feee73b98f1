# shinchoku on Node in a container. See docs/reliability.md ("Running the server").
# Build: docker build -t shinchoku .
# Run:   docker run -p 8787:8787 -v shinchoku-db:/var/lib/shinchoku \
#          -e LINE_CHANNEL_SECRET=… -e LINE_CHANNEL_ACCESS_TOKEN=… shinchoku
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8787 HOST=0.0.0.0 DATABASE_URL=file:/var/lib/shinchoku/shinchoku.db
COPY package.json package-lock.json ./
# Dev dependencies too: the LIFF build (vite) runs below, and tsx loads the TypeScript sources.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build
# The embedded database (and its inbox of webhook events) lives on a volume, outside data/ (which
# holds the bundled plans).
VOLUME ["/var/lib/shinchoku"]
EXPOSE 8787
# Exec form, node itself as PID 1: `docker stop`'s SIGTERM reaches the server directly, which stops
# accepting, finishes the events it is handling (at most 10 s, under docker's default 10 s grace)
# and exits 0. No npm or sh in between to swallow or double the signal.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bot/node.ts"]
