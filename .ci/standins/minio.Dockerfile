# Stand-in for minio/minio where no registry can be reached: S3Proxy (the version s3proxy/pom.xml
# names, as ./scaleout runs it) behind the two commands compose uses, `minio server DIR` and the
# health check `mc ready local`. Same S3 API on :9000, same root credentials; no console on :9001.
# Build context: the repository root.
ARG TEMURIN
FROM ${TEMURIN} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY s3proxy s3proxy
COPY topology/pom.xml topology/
COPY test-support/pom.xml test-support/
COPY app-service/pom.xml app-service/
COPY gateway/pom.xml gateway/
COPY load-tests/pom.xml load-tests/
COPY deployment-tests/pom.xml deployment-tests/
RUN ./mvnw -B -q -pl s3proxy package -Dspring-javaformat.skip=true

FROM ${TEMURIN}
COPY --from=build /src/s3proxy/target/s3proxy /opt/s3proxy
COPY .ci/standins/minio /usr/local/bin/minio
COPY .ci/standins/mc /usr/local/bin/mc
ENTRYPOINT ["minio"]
