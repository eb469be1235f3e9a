# Multi-stage build: compile TypeScript in a build stage, ship only runtime deps and dist/.
#   docker build -t leaksleuth .
#   docker run -d --name leaksleuth -p 127.0.0.1:9817:9817 \
#     -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro -v /proc:/host/proc:ro --pid=host \
#     -v leaksleuth-data:/var/lib/leaksleuth leaksleuth
# The container reads the host's cgroups from /host/sys/fs/cgroup and /proc from /host/proc
# (config/container.yaml sets cgroup_root and proc_root accordingly); both mounts are read-only.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc gives every thread that calls malloc its own arena (up to 8 per core); node's V8 and libuv
# worker threads each hold one, partly empty, for the life of the process. Two arenas cost ~2 MiB
# less resident memory at 5-20 targets; CPU at 200 targets stays within run-to-run noise.
ENV MALLOC_ARENA_MAX=2
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json LICENSE README.md ./
COPY bin ./bin
COPY rules ./rules
COPY config ./config
COPY docs ./docs
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
COPY assets ./assets
RUN mkdir -p /var/lib/leaksleuth && chown node:node /var/lib/leaksleuth
USER node
EXPOSE 9817
VOLUME ["/var/lib/leaksleuth"]
# The config the daemon runs with, and the one the health check reads its port from.
ENV LEAKSLEUTH_CONFIG=config/container.yaml
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["node", "bin/leaksleuth.js"]
# The listen address comes from the config (0.0.0.0:9817 in config/container.yaml): change it there
# and the health check follows. A config of your own: -e LEAKSLEUTH_CONFIG=/etc/leaksleuth/x.yaml
# plus a matching `run --config` in the command.
CMD ["run", "--config", "config/container.yaml", "--data-dir", "/var/lib/leaksleuth"]
