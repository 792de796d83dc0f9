# A stand-in for prom/prometheus, made from Debian's prometheus package, for the compose smoke test where
# no image registry is reachable. Only ever tagged in the Docker engine the smoke test starts for itself.
# Like the official image: the server is the entrypoint and keeps its data in /prometheus as nobody.
ARG BASE
FROM ${BASE}
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus && chown nobody:nogroup /prometheus
USER nobody
ENTRYPOINT ["/usr/bin/prometheus"]
