# A stand-in for eclipse-temurin:17-jre, made from Debian packages, for the compose smoke test where no
# image registry is reachable. Only ever tagged in the Docker engine the smoke test starts for itself.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/*
