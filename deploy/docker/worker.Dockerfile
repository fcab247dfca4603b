# Image of the incident-response worker (workflows and activities). It copies the jar Maven built, so build it first:
#   ./mvnw -DskipTests package     (then: docker compose build)
# Build context: the repository root (docker-compose.yml sets it); worker.Dockerfile.dockerignore keeps
# the context to that one jar. Health checks are in docker-compose.yml.
# Java 25 (the jar is built for 17 and runs unchanged): the worker then runs workflows on virtual
# threads (incident.worker.virtual-workflow-threads=auto) and keeps 10,000 open incidents cached.
FROM eclipse-temurin:25-jre

RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin app \
  && mkdir -p /app/data && chown app:app /app/data
WORKDIR /app
COPY --chown=app:app worker/target/worker-*.jar /app/worker.jar
USER app
EXPOSE 8081
# Heap: 75% of the container's memory limit; for a known number of open incidents set it instead
# (JAVA_TOOL_OPTIONS=-Xmx1g for 10,000, README "Sizing the worker"). G1 named, the collector the
# benchmark measured: in a container under 1,792 MB or 2 CPUs the JVM would pick the serial one.
# Compact object headers (8 bytes instead of 12; JEP 519, a product flag since JDK 25): a waiting
# incident is thousands of small objects (README "Sizing the worker" has the figures).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:+UseCompactObjectHeaders", "-jar", "/app/worker.jar"]
