# syntax=docker/dockerfile:1
# Ledgerchat image: Next's standalone server on the official Node 24 image, as a non-root user.
#   docker build -t ledgerchat .                 # the app (target "runner", the default)
#   docker build -t ledgerchat-migrate --target migrate .   # the release command: migrations
# On Postgres the migrations run as their own release step before the new app starts (never at
# container start: several replicas would race, and a failed migration must stop the release, not
# crash-loop the app). See DEPLOYMENT.md.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# The postinstall step generates the Prisma client, which needs the schema and its config.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund --loglevel=error

FROM deps AS builder
COPY . .
RUN npm run build

# Release command: applies prisma/migrations to DATABASE_URL with the project's runner (advisory
# lock, _prisma_migrations rows identical to Prisma's) and exits.
FROM deps AS migrate
COPY . .
USER node
CMD ["npm", "run", "--silent", "db:migrate"]

FROM node:24-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
# The standalone server with its traced node_modules, static assets and public files (the build
# copies the last two into .next/standalone).
COPY --from=builder --chown=node:node /app/.next/standalone ./
# Only used without DATABASE_URL (the embedded PGlite database): mount a volume here.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# url-guard.cjs (copied in by the build): 400 for paths that are not valid percent-encoding.
CMD ["node", "--require", "./url-guard.cjs", "server.js"]
