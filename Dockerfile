# One image for every taskrunner process; the entrypoint is the launcher, the command picks the process.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/taskrunner taskrunner
COPY --from=build /src/cli/target/taskrunner.jar /opt/taskrunner/taskrunner.jar
USER taskrunner
WORKDIR /opt/taskrunner
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/taskrunner/taskrunner.jar"]
CMD ["--help"]
