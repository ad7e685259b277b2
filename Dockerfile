# The same package the README installs, on the embedded store by default.
# Cytoscape.js for the web interface comes from npm, as in .ci/setup.
FROM node:20-slim AS web
WORKDIR /web
COPY api/web/package.json api/web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY matching matching
COPY api api
COPY seed seed
COPY --from=web /web/node_modules/cytoscape/dist/cytoscape.min.js api/web/node_modules/cytoscape/dist/cytoscape.min.js
RUN pip install --no-cache-dir .
ENV SAMVERKAN_DB=/data/samverkan.db
VOLUME /data
EXPOSE 8000
CMD ["samverkan", "serve", "--host", "0.0.0.0", "--port", "8000"]
