# One image for every Skiff daemon: the CLI dispatches (`skiff api-server|scheduler|
# controller-manager|node-agent`). Node 24 runs the TypeScript sources directly, so the image
# is the workspace plus production dependencies. Two ways to build it (docs/compose.md):
#  - with network (users): `docker compose build`, or from the repo root
#      docker build -t skiff:dev .
#    installs dependencies with pnpm on node:24-slim.
#  - offline (CI): scripts/images/build-skiff-image.sh prepares a context that already holds
#    node_modules and builds it FROM skiff-base:offline (scripts/images/build-base-image.sh),
#    so neither a registry nor npm is needed here.
ARG BASE=node:24-slim
FROM ${BASE}
WORKDIR /skiff
COPY . .
# The node agent builds the pod sandbox image from a static /bin/busybox, which node:24-slim
# lacks (the offline base has it). A prepared context arrives with node_modules.
RUN set -e; \
    if [ ! -x /bin/busybox ]; then \
      apt-get update -qq && apt-get install -y -qq --no-install-recommends busybox-static >/dev/null && \
      { [ -x /bin/busybox ] || ln -s /usr/bin/busybox /bin/busybox; } && rm -rf /var/lib/apt/lists/*; \
    fi; \
    if [ ! -d node_modules ]; then \
      npm install -g --silent pnpm@12.4.2 && \
      pnpm install --frozen-lockfile --prod --reporter=silent && \
      npm uninstall -g --silent pnpm && rm -rf /root/.local/share/pnpm /root/.cache /root/.npm; \
    fi; \
    sh scripts/images/prune-node-modules.sh /skiff
ENV SKIFF_LOG_LEVEL=info
ENTRYPOINT ["node", "/skiff/apps/cli/src/main.ts"]
