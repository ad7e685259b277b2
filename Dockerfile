# The same package the README installs, on the embedded store by default.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY matching matching
COPY api api
COPY seed seed
RUN pip install --no-cache-dir .
ENV SAMVERKAN_DB=/data/samverkan.db
VOLUME /data
EXPOSE 8000
CMD ["samverkan", "serve", "--host", "0.0.0.0", "--port", "8000"]
