# Image of the demo checkout service. It copies the jar Maven built, so build it first:
#   ./mvnw -DskipTests package     (then: docker compose build)
# Build context: the repository root (docker-compose.yml sets it); demo-service.Dockerfile.dockerignore keeps
# the context to that one jar. Health checks are in docker-compose.yml.
FROM eclipse-temurin:17-jre

RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin app \
  && mkdir -p /app/data && chown app:app /app/data
WORKDIR /app
COPY --chown=app:app demo-service/target/demo-service-*.jar /app/demo-service.jar
USER app
EXPOSE 8090
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/demo-service.jar"]
