# Node's current LTS (24); node:20 left support in April 2026.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY config ./config
COPY assets ./assets
# The embedded default (PGlite, outbox) writes under DATA_DIR: it must belong to the user the
# engine runs as, never root. Mount a volume at /app/data to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Shutdown drains requests for up to SHUTDOWN_TIMEOUT_MS (25 s): give it that before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/src/main.js", "--with-worker"]
