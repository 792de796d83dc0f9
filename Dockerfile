# One image for every taskrunner process; the entrypoint is the launcher, the command picks the process.
#   docker build -t taskrunner:dev .                     the jar built here, from source (the default)
#   docker build --target prebuilt -t taskrunner:dev .   the jar built on the host first (mvn package):
#                                                         no Maven image, no dependency download in the build
# Both end in the same runtime stage; only where the jar comes from differs. Stages are in this order so
# that a builder without BuildKit, which builds every stage above the target, never needs Maven for
# `--target prebuilt`.
FROM eclipse-temurin:17-jre AS runtime
RUN useradd --system --uid 10001 --home-dir /opt/taskrunner taskrunner
COPY bin/taskrunner-java /opt/taskrunner/bin/taskrunner-java
WORKDIR /opt/taskrunner
ENV TASKRUNNER_JAVA_OPTS="-XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["/opt/taskrunner/bin/taskrunner-java", "/opt/taskrunner/taskrunner.jar"]
CMD ["--help"]

FROM runtime AS prebuilt
COPY cli/target/taskrunner.jar /opt/taskrunner/taskrunner.jar
# The class-data archive of bin/taskrunner-java, made here: it holds for this image's JVM and this jar path only.
RUN java -XX:ArchiveClassesAtExit=/opt/taskrunner/taskrunner.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /opt/taskrunner/taskrunner.jar io.taskrunner.cli.ClassArchiveTraining
USER taskrunner

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM runtime AS from-source
COPY --from=build /src/cli/target/taskrunner.jar /opt/taskrunner/taskrunner.jar
RUN java -XX:ArchiveClassesAtExit=/opt/taskrunner/taskrunner.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /opt/taskrunner/taskrunner.jar io.taskrunner.cli.ClassArchiveTraining
USER taskrunner
