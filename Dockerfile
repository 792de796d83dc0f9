# One image for every taskrunner process; the entrypoint is the launcher, the command picks the process.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/taskrunner taskrunner
COPY --from=build /src/cli/target/taskrunner.jar /opt/taskrunner/taskrunner.jar
COPY bin/taskrunner-java /opt/taskrunner/bin/taskrunner-java
# The class-data archive of bin/taskrunner-java, made here: it holds for this image's JVM and this jar path only.
RUN java -XX:ArchiveClassesAtExit=/opt/taskrunner/taskrunner.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp /opt/taskrunner/taskrunner.jar io.taskrunner.cli.ClassArchiveTraining
USER taskrunner
WORKDIR /opt/taskrunner
ENV TASKRUNNER_JAVA_OPTS="-XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["/opt/taskrunner/bin/taskrunner-java", "/opt/taskrunner/taskrunner.jar"]
CMD ["--help"]
